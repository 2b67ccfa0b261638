// Readiness: can a statement reach the database, and are all migrations applied.
import type { Database } from "../db.ts";
import { pendingMigrations } from "../migrate.ts";
import { statement } from "../statement.ts";

const ping = statement<{ ok: number }, []>("pingDatabase", ["ok"], "SELECT 1 AS ok");

export type DatabaseHealth = { reachable: false } | { reachable: true; pendingMigrations: string[] };

export async function checkDatabase(db: Database): Promise<DatabaseHealth> {
  try {
    await ping.run(db);
    return { reachable: true, pendingMigrations: await pendingMigrations(db) };
  } catch {
    return { reachable: false };
  }
}
