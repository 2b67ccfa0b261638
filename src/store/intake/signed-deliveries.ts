// The replay memory of signed webhooks, shared by every instance through the database. A delivery
// is remembered inside the transaction that stores it: a concurrent replay waits on the key's
// unique index until the first commits (then it is a replay) or rolls back (then it is processed).
import type { SignedDelivery } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const remember = statement<Pick<SignedDelivery, "key">, [string, string]>(
  "rememberSignedDelivery",
  ["key"],
  `INSERT INTO "SignedDelivery" (key, "receivedAt") VALUES ($1, $2::timestamp)
   ON CONFLICT (key) DO NOTHING RETURNING key`,
);
const readFirst = statement<Pick<SignedDelivery, "leadId">, [string]>(
  "readSignedDelivery",
  ["leadId"],
  `SELECT "leadId" FROM "SignedDelivery" WHERE key = $1`,
);

/** `{ first: true }` for a delivery not seen before; else the lead the first one touched. */
export async function rememberDelivery(
  tx: Tx,
  key: string,
  now: Date,
): Promise<{ first: true } | { first: false; leadId: string | null }> {
  if ((await remember.run(tx, key, utcTimestamp(now))).length > 0) return { first: true };
  const [row] = await readFirst.run(tx, key);
  return { first: false, leadId: row?.leadId ?? null };
}

const setLead = statement<Record<string, never>, [string, string]>(
  "setSignedDeliveryLead",
  [],
  `UPDATE "SignedDelivery" SET "leadId" = $2::uuid WHERE key = $1`,
);

export async function recordDeliveryLead(tx: Tx, key: string, leadId: string): Promise<void> {
  await setLead.run(tx, key, leadId);
}

const purge = statement<Pick<SignedDelivery, "key">, [string]>(
  "purgeSignedDeliveries",
  ["key"],
  `DELETE FROM "SignedDelivery" WHERE "receivedAt" < $1::timestamp RETURNING key`,
);

/** Forgets deliveries received before `before` (their signatures are stale by then). */
export async function purgeDeliveries(tx: Tx, before: Date): Promise<number> {
  return (await purge.run(tx, utcTimestamp(before))).length;
}
