// What route-ready-lead checks before routing a lead: its owner, claim window, stage, whether it
// is lost or forgotten, and how many assignments are still open.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type RouteReadiness = Pick<
  Lead,
  "ownerSlackId" | "claimDeadlineAt" | "stage" | "lostAt" | "forgottenAt"
> & { open: number };

// Locks and counts Assignment rows in one statement: safe only because the caller (refreshLeads)
// already holds the lead's lock, so this never waits and its snapshot is current. A caller
// without the lock must lock in a statement of its own first (see load-lead-state.ts: subqueries
// keep the snapshot from before a lock wait).
const read = statement<RouteReadiness, [string]>(
  "readRouteReadiness",
  ["ownerSlackId", "claimDeadlineAt", "stage", "lostAt", "forgottenAt", "open"],
  `SELECT "ownerSlackId", "claimDeadlineAt", stage, "lostAt", "forgottenAt",
     (SELECT count(*)::int FROM "Assignment" a WHERE a."leadId" = l.id AND a."endedAt" IS NULL) AS open
   FROM "Lead" l WHERE id = $1::uuid FOR UPDATE OF l`,
);

export async function readRouteReadiness(tx: Tx, leadId: string): Promise<RouteReadiness | null> {
  const [row] = await read.run(tx, leadId);
  return row ?? null;
}
