// The leads the background refreshes walk, in id order so a run is deterministic and resumable
// (`after` is the last id of the previous batch).
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const rescore = statement<Pick<Lead, "id">, [string | null, boolean, string | null, number]>(
  "listLeadsToRescore",
  ["id"],
  `SELECT id FROM "Lead"
   WHERE "forgottenAt" IS NULL
     AND ($2::bool OR "rulesVersion" IS NULL OR "rulesVersion" <> $1)
     AND ($3::uuid IS NULL OR id > $3::uuid)
   ORDER BY id
   LIMIT $4`,
);

/** Leads not forgotten that were scored with other rules than `rulesHash` (or all with `all`). */
export async function listLeadsToRescore(
  tx: Tx,
  o: { rulesHash: string; all: boolean; after: string | null; limit: number },
): Promise<string[]> {
  const rows = await rescore.run(tx, o.rulesHash, o.all, o.after, o.limit);
  return rows.map((r) => r.id);
}

const stale = statement<Pick<Lead, "id">, [string, string, string | null, number]>(
  "listStaleLeads",
  ["id"],
  `SELECT id FROM "Lead"
   WHERE "forgottenAt" IS NULL
     AND stage NOT IN ('customer', 'disqualified')
     AND "updatedAt" < $1::timestamp
     AND ("engagementScore" <> 0 OR COALESCE("lastActivityAt", "createdAt") < $2::timestamp)
     AND ($3::uuid IS NULL OR id > $3::uuid)
   ORDER BY id
   LIMIT $4`,
);

/**
 * Open leads (not customer, disqualified or forgotten) not written since `staleBefore` that either
 * still carry engagement points (which decay) or have had no activity since `inactiveBefore`
 * (absence penalties). Nurtured leads are in: their score decides whether they come back.
 */
export async function listStaleLeads(
  tx: Tx,
  o: { staleBefore: Date; inactiveBefore: Date; after: string | null; limit: number },
): Promise<string[]> {
  const rows = await stale.run(
    tx,
    utcTimestamp(o.staleBefore),
    utcTimestamp(o.inactiveBefore),
    o.after,
    o.limit,
  );
  return rows.map((r) => r.id);
}
