// A dispute opened by a rep, and a manager's decision on it. The decision is a conditional update
// (still open), so of two managers approving at once exactly one does.
import type { Dispute } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const insert = statement<Pick<Dispute, "id">, [string, string, string, string]>(
  "insertDispute",
  ["id"],
  `INSERT INTO "Dispute" (id, "leadId", "repSlackId", reason, "createdAt")
   VALUES (gen_random_uuid(), $1::uuid, $2, $3, $4::timestamp)
   RETURNING id`,
);

export async function insertDispute(
  tx: Tx,
  d: { leadId: string; repSlackId: string; reason: string; at: Date },
): Promise<{ id: string }> {
  const [row] = await insert.run(tx, d.leadId, d.repSlackId, d.reason, utcTimestamp(d.at));
  if (!row) throw new Error("dispute insert returned no row");
  return row;
}

const approve = statement<Pick<Dispute, "id">, [string, string, string]>(
  "approveOpenDispute",
  ["id"],
  `UPDATE "Dispute" SET status = 'approved', "decidedBy" = $2, "decidedAt" = $3::timestamp
   WHERE id = $1::uuid AND status = 'open'
   RETURNING id`,
);

/** True when this call approved it; false when it was already decided. */
export async function approveOpenDispute(tx: Tx, o: { id: string; by: string; at: Date }): Promise<boolean> {
  return (await approve.run(tx, o.id, o.by, utcTimestamp(o.at))).length > 0;
}
