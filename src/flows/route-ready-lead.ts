// A sales-ready lead with no owner goes to the routing engine: posted for a claim, assigned,
// or sent to the fallback (assign-lead.ts). refreshLead calls this after
// every change of a sales-ready unowned lead, so it must be a no-op while routing is already
// under way: a Claim post waiting for its window (claimDeadlineAt set; the claim-expiry job
// takes it from there) or a fallback assignment waiting for a manager or the SLA re-route.

import type { AppContext } from "../context.ts";
import type { Tx } from "../store/db.ts";
import { readRouteReadiness } from "../store/leads/read-route-readiness.ts";
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
  // The caller (refreshLeads) holds the lead's lock: see read-route-readiness.ts.
  const lead = await readRouteReadiness(tx, leadId);
  if (!lead || lead.ownerSlackId || lead.claimDeadlineAt || lead.lostAt || lead.forgottenAt) return undefined;
  if (lead.stage !== "sql" || lead.open > 0) return undefined;
  const result = await assignLead({ tx, rules: ctx.rules, leadId, now: ctx.now(), actor, segments });
  return result.ownerSlackId ?? undefined;
}
