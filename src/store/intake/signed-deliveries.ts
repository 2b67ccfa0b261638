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

// The batch forms, for captures stored together (flows/capture-leads.ts): keys are inserted in
// key order, so two batches sharing keys queue on the first one rather than deadlock.
const rememberMany = statement<Pick<SignedDelivery, "key">, [string[], string]>(
  "rememberSignedDeliveries",
  ["key"],
  `INSERT INTO "SignedDelivery" (key, "receivedAt")
   SELECT k, $2::timestamp FROM unnest($1::text[]) AS k ORDER BY k
   ON CONFLICT (key) DO NOTHING RETURNING key`,
);
const readMany = statement<Pick<SignedDelivery, "key" | "leadId">, [string[]]>(
  "readSignedDeliveries",
  ["key", "leadId"],
  `SELECT key, "leadId" FROM "SignedDelivery" WHERE key = ANY($1::text[])`,
);
const setLeads = statement<Record<string, never>, [string[], string[]]>(
  "setSignedDeliveryLeads",
  [],
  `UPDATE "SignedDelivery" d SET "leadId" = u.lead
   FROM unnest($1::text[], $2::uuid[]) AS u(key, lead) WHERE d.key = u.key`,
);

/**
 * Remembers several distinct keys at once; returns the ones seen before with the lead their first
 * delivery stored (null when it stored none). A key missing from the map is new.
 */
export async function rememberDeliveries(
  tx: Tx,
  keys: string[],
  now: Date,
): Promise<Map<string, string | null>> {
  const seen = new Map<string, string | null>();
  if (keys.length === 0) return seen;
  const fresh = new Set((await rememberMany.run(tx, keys, utcTimestamp(now))).map((r) => r.key));
  const old = keys.filter((k) => !fresh.has(k));
  if (old.length === 0) return seen;
  for (const row of await readMany.run(tx, old)) seen.set(row.key, row.leadId);
  return seen;
}

/** The leads that deliveries already remembered stored (read only; a replay check before work). */
export async function readDeliveryLeads(tx: Tx, keys: string[]): Promise<Map<string, string | null>> {
  const out = new Map<string, string | null>();
  if (keys.length === 0) return out;
  for (const row of await readMany.run(tx, keys)) out.set(row.key, row.leadId);
  return out;
}

export async function recordDeliveryLeads(tx: Tx, pairs: { key: string; leadId: string }[]): Promise<void> {
  if (pairs.length === 0) return;
  await setLeads.run(
    tx,
    pairs.map((p) => p.key),
    pairs.map((p) => p.leadId),
  );
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
