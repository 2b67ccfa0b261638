// When the live app hands a lead to the routing engine, as one pure rule: after a refresh, a lead
// at a routed stage with no owner, no claim window running, no open assignment, not lost and not
// forgotten (flows/refresh-lead.ts and flows/route-ready-lead.ts). `simulate` and `config check`
// read it from here, so they say what the live app does: a route whose criteria only a lead at
// another stage meets never fires.

/** The stages at which a lead is routed today. */
export const ROUTED_STAGES: readonly string[] = ["sql"];

export interface RoutingGateFacts {
  /** The stage after the refresh's decision. */
  stage: string;
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
  if (!ROUTED_STAGES.includes(lead.stage))
    return `Not routed: routing runs only for leads at stage ${ROUTED_STAGES.join(" or ")}; this lead is at ${lead.stage}.`;
  return null;
}
