// A sales-ready lead with no owner goes to the routing engine: posted for a claim, assigned,
// or sent to the fallback (src/domain/assignment/assign-lead.ts). refreshLead calls this after
// every change of a sales-ready unowned lead, so it must be a no-op while routing is already
// under way: a Claim post waiting for its window (claimDeadlineAt set; the claim-expiry job
// takes it from there) or a fallback assignment waiting for a manager or the SLA re-route.

import type { AppContext } from "../context.ts";
import type { Tx } from "../store/db.ts";
import { assignLead } from "./assign-lead.ts";

export interface RouteReadyOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  segments: string[];
  actor: string;
}

/** Returns the new owner's Slack id when the lead was assigned at once, else undefined. */
export async function routeReadyLead(options: RouteReadyOptions): Promise<string | null | undefined> {
  const { tx, ctx, leadId, segments, actor } = options;
  // Locks and counts Assignment rows in one statement: safe only because the caller
  // (refreshLeads) already holds the lead's lock, so this never waits and its snapshot is
  // current. A caller without the lock must lock in a statement of its own first (see
  // load-lead-state.ts: subqueries keep the snapshot from before a lock wait).
  const [lead] = await tx.sql.query<{
    ownerSlackId: string | null;
    claimDeadlineAt: Date | null;
    stage: string;
    lostAt: Date | null;
    forgottenAt: Date | null;
    open: number;
  }>(
    `SELECT "ownerSlackId", "claimDeadlineAt", stage, "lostAt", "forgottenAt",
       (SELECT count(*)::int FROM "Assignment" a WHERE a."leadId" = l.id AND a."endedAt" IS NULL) AS open
     FROM "Lead" l WHERE id = $1::uuid FOR UPDATE OF l`,
    [leadId],
  );
  if (!lead || lead.ownerSlackId || lead.claimDeadlineAt || lead.lostAt || lead.forgottenAt) return undefined;
  if (lead.stage !== "sql" || lead.open > 0) return undefined;
  const result = await assignLead({ tx, rules: ctx.rules, leadId, now: ctx.now(), actor, segments });
  return result.ownerSlackId ?? undefined;
}
