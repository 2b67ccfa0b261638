// Who owns a lead now, whether a claim window is open, and the rest of its lifecycle state: what a
// claim that lost its race tells the clicker, and what the claim-expiry job re-checks under the
// lead's lock.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type LeadOwnerRow = Pick<
  Lead,
  "stage" | "lostAt" | "ownerSlackId" | "claimedAt" | "assignedAt" | "claimDeadlineAt"
>;

const selectOwner = statement<LeadOwnerRow, [string]>(
  "selectLeadOwner",
  ["stage", "lostAt", "ownerSlackId", "claimedAt", "assignedAt", "claimDeadlineAt"],
  `SELECT stage, "lostAt", "ownerSlackId", "claimedAt", "assignedAt", "claimDeadlineAt" FROM "Lead"
   WHERE id = $1::uuid`,
);

export async function readLeadOwner(tx: Tx, leadId: string): Promise<LeadOwnerRow | null> {
  const [row] = await selectOwner.run(tx, leadId);
  return row ?? null;
}
