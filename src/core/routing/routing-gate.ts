// When the live app hands a lead to the routing engine, as one pure rule: after every refresh of a
// lead (a score, grade or stage change included), the lead is routed when the first route it
// matches has mode `claim` or `assign`, whatever its stage, provided it has no owner, no claim
// window running, no open assignment, is not lost or forgotten, and is at a stage routing may hand
// out (the lifecycle's `offer` and `assign` moves). Once routed, the owner, the claim window or
// the fallback assignment stops it being routed again (flows/refresh-lead.ts and
// flows/route-ready-lead.ts). `simulate` and `config check` read it from here, so they say what
// the live app does.
import { moveNamed } from "../lifecycle/decide-move.ts";
import type { RouteMode } from "./config.ts";

/** The route modes that hand a lead to a rep (claim: posted with Claim; assign: at once). */
export const ROUTING_MODES: readonly RouteMode[] = ["claim", "assign"];

/**
 * The stages routing may hand a lead out at: those from which the lifecycle allows both a claim
 * post (`offer`) and an assignment (`assign`). Customers, nurtured and disqualified leads are
 * never routed, whatever route they match.
 */
export const ROUTABLE_STAGES: readonly string[] = moveNamed("offer").from.stages.filter((s) =>
  moveNamed("assign").from.stages.includes(s),
);

export interface RoutingGateFacts {
  /** The stage after the refresh's decision. */
  stage: string;
  /**
   * The first route the lead matches after the refresh (matchRoute). Absent: the mode is not
   * judged here, and assignLead, which matches the route itself, holds the lead on a hold route.
   */
  route?: { name: string; mode: RouteMode };
  ownerSlackId?: string | null;
  claimDeadlineAt?: Date | null;
  lostAt?: Date | null;
  forgottenAt?: Date | null;
  openAssignments?: number;
}

/** Null when the lead is routed; else why it is not, as one sentence. */
export function routingGate(lead: RoutingGateFacts): string | null {
  if (lead.forgottenAt) return "Not routed: the lead was forgotten.";
  if (lead.lostAt) return "Not routed: the lead is marked lost.";
  if (lead.ownerSlackId) return `Not routed: the lead already has an owner (${lead.ownerSlackId}).`;
  if (lead.claimDeadlineAt) return "Not routed: the lead is already posted for claim.";
  if ((lead.openAssignments ?? 0) > 0) return "Not routed: the lead already has an open assignment.";
  if (!ROUTABLE_STAGES.includes(lead.stage))
    return `Not routed: routing hands out only leads at stage ${ROUTABLE_STAGES.join(", ")}; this lead is at ${lead.stage}.`;
  if (lead.route && !ROUTING_MODES.includes(lead.route.mode))
    return `Not routed: the first route it matches, ${lead.route.name}, has mode ${lead.route.mode}, so it stays with marketing until a change makes it match a claim or assign route.`;
  return null;
}
