// Migrate once per test run: a template database on the PostgreSQL server (each test file
// clones it with CREATE DATABASE … TEMPLATE) and a migrated PGlite data dump (each test file
// loads it). See ENGINEERING.md "Fast tests on two cores".
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../../src/store/db.ts";
import { migrate } from "../../src/store/migrate.ts";

export const ADMIN_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    pgTemplate: string;
    pgAdminUrl: string;
    pgliteDump: string;
  }
}

function urlFor(database: string): string {
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Runs admin statements on a short-lived connection: the fault suites restart the PostgreSQL
 * server, which would kill a connection held for the whole run.
 */
async function admin(statements: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  client.on("error", () => {});
  await client.connect();
  try {
    await statements(client);
  } finally {
    await client.end().catch(() => {});
  }
}

export default async function setup(project: TestProject) {
  const template = `leadops_tpl_${process.pid}`;
  await admin(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${template}`);
    await c.query(`CREATE DATABASE ${template}`);
  });
  const db = await openDatabase({ databaseUrl: urlFor(template), poolSize: 1 });
  await migrate(db);
  await db.close();

  const lite = await PGlite.create();
  const liteDb = await openDatabase({ pglite: lite });
  await migrate(liteDb);
  const dump = await lite.dumpDataDir("none");
  const dumpPath = join(tmpdir(), `leadops-pglite-${process.pid}.tar`);
  writeFileSync(dumpPath, Buffer.from(await dump.arrayBuffer()));
  await liteDb.close();

  project.provide("pgTemplate", template);
  project.provide("pgAdminUrl", ADMIN_URL);
  project.provide("pgliteDump", dumpPath);

  return async () => {
    const admin = new pg.Client({ connectionString: ADMIN_URL });
    await admin.connect();
    const { rows } = await admin.query<{ datname: string }>(
      "SELECT datname FROM pg_database WHERE datname LIKE $1",
      [`leadops_t_${process.pid}_%`],
    );
    for (const row of rows) await admin.query(`DROP DATABASE IF EXISTS ${row.datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
