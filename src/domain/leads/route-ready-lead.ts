// A sales-ready lead with no owner goes to the routing engine: posted for a claim, assigned,
// or sent to the fallback (src/domain/assignment/assign-lead.ts). refreshLead calls this after
// every change of a sales-ready unowned lead, so it must be a no-op while routing is already
// under way: a Claim post waiting for its window (claimDeadlineAt set; the claim-expiry job
// takes it from there) or a fallback assignment waiting for a manager or the SLA re-route.

import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";
import { assignLead } from "../assignment/assign-lead.ts";

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
  await tx.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${leadId}::uuid FOR UPDATE`;
  const lead = await tx.lead.findUnique({
    where: { id: leadId },
    select: { ownerSlackId: true, claimDeadlineAt: true, stage: true, lostAt: true, forgottenAt: true },
  });
  if (!lead || lead.ownerSlackId || lead.claimDeadlineAt || lead.lostAt || lead.forgottenAt) return undefined;
  if (lead.stage !== "sql") return undefined;
  const open = await tx.assignment.count({ where: { leadId, endedAt: null } });
  if (open > 0) return undefined;
  const result = await assignLead({ tx, rules: ctx.rules, leadId, now: ctx.now(), actor, segments });
  return result.ownerSlackId ?? undefined;
}
