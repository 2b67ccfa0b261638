// AppState: small named values the app keeps across restarts and instances (for example the
// last week the stale-MQL summary was posted), one JSON value per key.
import type { AppState } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const read = statement<Pick<AppState, "value">, [key: string]>(
  "readAppState",
  ["value"],
  `SELECT value FROM "AppState" WHERE key = $1`,
);

/** The value stored under `key`, or undefined. */
export async function readAppState(tx: Tx, key: string): Promise<unknown> {
  const [row] = await read.run(tx, key);
  return row?.value;
}

const write = statement<Record<string, never>, [key: string, value: string, at: string]>(
  "writeAppState",
  [],
  `INSERT INTO "AppState" (key, value, "updatedAt") VALUES ($1, $2::jsonb, $3::timestamp)
   ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, "updatedAt" = EXCLUDED."updatedAt"`,
);

export async function writeAppState(tx: Tx, o: { key: string; value: unknown; at: Date }): Promise<void> {
  await write.run(tx, o.key, JSON.stringify(o.value), utcTimestamp(o.at));
}
