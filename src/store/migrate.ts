// Applies prisma/migrations at start. Uses Prisma's own `_prisma_migrations` table and checksum,
// so `prisma migrate deploy` and this runner agree on what has been applied.
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Database, SqlRunner } from "./db.ts";

/**
 * prisma/migrations of this checkout, looked for upwards from this module: it is src/db when run
 * from the sources and dist/ when bundled (scripts/bundle.mjs).
 */
export const migrationsDir = findUp(path.dirname(fileURLToPath(import.meta.url)), "prisma/migrations");

function findUp(from: string, relative: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`${relative} not found in ${from} or above`);
  }
}

// Any constant shared by all instances: only one of them migrates at a time.
const MIGRATION_LOCK_KEY = 7_301_955;

interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dir = migrationsDir): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(`${dir}/${name}/migration.sql`, "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

const CREATE_TABLE = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`;

export class MigrationError extends Error {}

/** Applies every pending migration, each in its own transaction. Returns the names applied. */
export async function migrate(db: Database): Promise<string[]> {
  // Several instances may start at once: they wait for each other on the lock.
  return db.withLockedConnection(MIGRATION_LOCK_KEY, (sql) => applyPending(sql));
}

async function applyPending(sql: SqlRunner): Promise<string[]> {
  await sql.exec(CREATE_TABLE);
  const done = await sql.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  const applied = new Map(done.map((r) => [r.migration_name, r.checksum]));
  const newlyApplied: string[] = [];
  for (const m of listMigrations()) {
    const known = applied.get(m.name);
    if (known !== undefined) {
      if (known !== m.checksum) {
        throw new MigrationError(`migration ${m.name} was changed after it was applied`);
      }
      continue;
    }
    const id = crypto.randomUUID();
    await sql
      .exec(
        `BEGIN;\n${m.sql}\n;INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at, applied_steps_count) VALUES ('${id}', '${m.checksum}', '${m.name.replaceAll("'", "''")}', now(), 1);\nCOMMIT;`,
      )
      .catch(async (err: unknown) => {
        await sql.exec("ROLLBACK").catch(() => {});
        throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`);
      });
    newlyApplied.push(m.name);
  }
  return newlyApplied;
}

/** Whether every migration on disk is applied (readiness). */
export async function pendingMigrations(db: Database): Promise<string[]> {
  const rows = await db.sql
    .query<{ migration_name: string }>(
      `SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    .catch(() => []);
  const applied = new Set(rows.map((r) => r.migration_name));
  return listMigrations()
    .map((m) => m.name)
    .filter((n) => !applied.has(n));
}
