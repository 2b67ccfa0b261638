// A lead the routing gate lets through (core/routing/routing-gate.ts: unowned, not posted, no
// open assignment, at a routable stage, and its first matching route has mode claim or assign)
// goes to the routing engine: posted for a claim, assigned, or sent to the fallback
// (assign-lead.ts). refreshLead calls this after every change of a lead that may pass the gate,
// so it must be a no-op once routing is under way: a Claim post waiting for its window
// (claimDeadlineAt set; the claim-expiry job takes it from there), an owner, or a fallback
// assignment waiting for a manager or the SLA re-route. That is what makes a lead routed once.

import type { AppContext } from "../context.ts";
import type { RouteMode } from "../core/routing/config.ts";
import { routingGate } from "../core/routing/routing-gate.ts";
import type { Tx } from "../store/db.ts";
import { readRouteReadiness } from "../store/leads/read-route-readiness.ts";
import { assignLead } from "./assign-lead.ts";

export interface RouteReadyOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  segments: string[];
  /**
   * The first route the lead matches after the refresh (matchRoute over the refreshed lead).
   * Absent: assignLead matches it, and holds the lead (writing nothing) on a hold route.
   */
  route?: { name: string; mode: RouteMode };
  actor: string;
}

/** Returns the new owner's Slack id when the lead was assigned at once, else undefined. */
export async function routeReadyLead(options: RouteReadyOptions): Promise<string | null | undefined> {
  const { tx, ctx, leadId, segments, route, actor } = options;
  // The caller (refreshLeads) holds the lead's lock: see read-route-readiness.ts.
  const lead = await readRouteReadiness(tx, leadId);
  if (!lead) return undefined;
  const notRouted = routingGate({ ...lead, ...(route ? { route } : {}), openAssignments: lead.open });
  if (notRouted !== null) return undefined;
  const result = await assignLead({ tx, rules: ctx.rules, leadId, now: ctx.now(), actor, segments });
  return result.ownerSlackId ?? undefined;
}
