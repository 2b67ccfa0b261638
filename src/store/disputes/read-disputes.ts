// A dispute by its id, and the open disputes of a lead (`/leads approve <lead>` names the lead)
// or of one rep on a lead (one open dispute per lead and rep).
import type { Dispute } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type DisputeRow = Pick<Dispute, "id" | "leadId" | "repSlackId" | "reason" | "status">;
const COLUMNS = ["id", "leadId", "repSlackId", "reason", "status"] as const;

const byId = statement<DisputeRow, [string]>(
  "selectDispute",
  COLUMNS,
  `SELECT id, "leadId", "repSlackId", reason, status FROM "Dispute" WHERE id = $1::uuid`,
);

export async function readDispute(tx: Tx, id: string): Promise<DisputeRow | null> {
  const [row] = await byId.run(tx, id);
  return row ?? null;
}

const openOfLead = statement<DisputeRow, [string, number]>(
  "selectOpenDisputesOfLead",
  COLUMNS,
  `SELECT id, "leadId", "repSlackId", reason, status FROM "Dispute"
   WHERE "leadId" = $1::uuid AND status = 'open' ORDER BY "createdAt" ASC LIMIT $2`,
);

/** The lead's open disputes, oldest first, at most `limit`. */
export async function listOpenDisputesOfLead(
  tx: Tx,
  o: { leadId: string; limit: number },
): Promise<DisputeRow[]> {
  return openOfLead.run(tx, o.leadId, o.limit);
}

const openOfRep = statement<Pick<Dispute, "id">, [string, string]>(
  "selectOpenDisputeOfRep",
  ["id"],
  `SELECT id FROM "Dispute" WHERE "leadId" = $1::uuid AND "repSlackId" = $2 AND status = 'open' LIMIT 1`,
);

export async function hasOpenDispute(tx: Tx, o: { leadId: string; repSlackId: string }): Promise<boolean> {
  return (await openOfRep.run(tx, o.leadId, o.repSlackId)).length > 0;
}
