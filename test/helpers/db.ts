// A fresh, migrated database per test file (or per test), on PGlite or the PostgreSQL server.
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import { inject } from "vitest";
import { type Database, openDatabase } from "../../src/store/db.ts";

export type DbKind = "pglite" | "postgres";
export const DB_KINDS: DbKind[] = ["pglite", "postgres"];

export interface TestDatabase {
  db: Database;
  url?: string;
  /** Closes the database and drops it (PostgreSQL). */
  drop(): Promise<void>;
}

function urlFor(database: string): string {
  const url = new URL(inject("pgAdminUrl"));
  url.pathname = `/${database}`;
  return url.toString();
}

/** A new empty PostgreSQL database cloned from the migrated template. */
export async function createPgDatabase(): Promise<{ name: string; url: string; drop(): Promise<void> }> {
  // The template's creator is in the name so global teardown can find leftovers of this run.
  const owner = inject("pgTemplate").replace("leadops_tpl_", "");
  const name = `leadops_t_${owner}_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  } finally {
    await admin.end();
  }
  return {
    name,
    url: urlFor(name),
    async drop() {
      const c = new pg.Client({ connectionString: inject("pgAdminUrl") });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).finally(() => c.end());
    },
  };
}

/** A new in-memory PGlite loaded from the migrated dump. */
export async function createPglite(): Promise<PGlite> {
  const dump = new Blob([readFileSync(inject("pgliteDump"))]);
  return PGlite.create({ loadDataDir: dump });
}

export async function createTestDatabase(kind: DbKind): Promise<TestDatabase> {
  if (kind === "pglite") {
    const db = await openDatabase({ pglite: await createPglite() });
    return { db, drop: () => db.close() };
  }
  const pgDb = await createPgDatabase();
  const db = await openDatabase({ databaseUrl: pgDb.url, poolSize: 5 });
  return {
    db,
    url: pgDb.url,
    async drop() {
      await db.close();
      await pgDb.drop();
    },
  };
}
