// Migration drift check: the migrations applied to one database must produce exactly the
// schema that `prisma db push` makes from prisma/schema.prisma in another.
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { promisify } from "node:util";
import pg from "pg";
import { openDatabase } from "../src/store/db.ts";
import { migrate } from "../src/store/migrate.ts";

const run = promisify(execFile);

function withDatabase(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function schemaDump(url: string): Promise<string> {
  const { stdout } = await run("pg_dump", ["--schema-only", "--no-owner", "--no-privileges", url], {
    maxBuffer: 32 * 1024 * 1024,
  });
  return (
    stdout
      .split("\n")
      // \\restrict lines carry a random key per dump (pg_dump 15.14+).
      .filter(
        (l) =>
          !l.startsWith("--") &&
          !l.startsWith("SET ") &&
          !l.startsWith("\\") &&
          !l.includes("pg_catalog.set_config"),
      )
      .join("\n")
      .replace(/CREATE TABLE public\._prisma_migrations \([^;]*\);/s, "")
      .replace(/ALTER TABLE ONLY public\._prisma_migrations[^;]*;/gs, "")
      .replace(/\n{2,}/g, "\n")
      .trim()
  );
}

/** Returns null when migrations and schema agree, else a short description of the difference. */
export async function checkDrift(adminUrl: string): Promise<string | null> {
  const suffix = randomBytes(4).toString("hex");
  const migrated = `leadops_drift_m_${suffix}`;
  const pushed = `leadops_drift_p_${suffix}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${migrated}`);
    await admin.query(`CREATE DATABASE ${pushed}`);
    const db = await openDatabase({ databaseUrl: withDatabase(adminUrl, migrated), poolSize: 2 });
    await migrate(db).finally(() => db.close());
    await run("npx", ["prisma", "db", "push", "--skip-generate"], {
      env: { ...process.env, DATABASE_URL: withDatabase(adminUrl, pushed) },
    });
    const [a, b] = await Promise.all([
      schemaDump(withDatabase(adminUrl, migrated)),
      schemaDump(withDatabase(adminUrl, pushed)),
    ]);
    if (a === b) return null;
    const aLines = new Set(a.split("\n"));
    const bLines = new Set(b.split("\n"));
    const onlyMigrated = [...aLines].filter((l) => !bLines.has(l));
    const onlySchema = [...bLines].filter((l) => !aLines.has(l));
    return [
      "Migrations and prisma/schema.prisma differ.",
      ...onlyMigrated.map((l) => `  only in migrations: ${l}`),
      ...onlySchema.map((l) => `  only in schema:     ${l}`),
    ].join("\n");
  } finally {
    await admin.query(`DROP DATABASE IF EXISTS ${migrated} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${pushed} WITH (FORCE)`);
    await admin.end();
  }
}

if (process.argv[1]?.endsWith("check-drift.ts")) {
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const problem = await checkDrift(adminUrl);
  if (problem) {
    console.error(problem);
    process.exitCode = 1;
  } else console.log("No drift: the migrations match prisma/schema.prisma.");
}
