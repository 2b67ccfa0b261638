// For `simulate` on a stored lead: its id by email and the columns the live app checks before
// routing it (flows/route-ready-lead.ts), read without a lock. The rest of the lead comes from
// loadLeadStates, as a refresh reads it.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type LeadRoutingGateRow = Pick<
  Lead,
  "id" | "ownerSlackId" | "claimDeadlineAt" | "lostAt" | "forgottenAt"
> & { openAssignments: number };

const readGate = statement<LeadRoutingGateRow, [string]>(
  "readLeadRoutingGate",
  ["id", "ownerSlackId", "claimDeadlineAt", "lostAt", "forgottenAt", "openAssignments"],
  `SELECT l.id, l."ownerSlackId", l."claimDeadlineAt", l."lostAt", l."forgottenAt",
     (SELECT count(*)::int FROM "Assignment" a WHERE a."leadId" = l.id AND a."endedAt" IS NULL) AS "openAssignments"
   FROM "Lead" l WHERE l.email = $1`,
);

/** `email` must already be normalised (normalizeEmail). Null when no lead has it. */
export async function readLeadRoutingGate(tx: Tx, email: string): Promise<LeadRoutingGateRow | null> {
  const [row] = await readGate.run(tx, email);
  return row ?? null;
}
