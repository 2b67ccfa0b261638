// A manager reopens a lost lead (core/lifecycle move `reopen`): the loss is cleared, the lead goes
// to the stage the table says (sql) with nobody on it, and it is routed again like any new
// sales-ready lead (posted for a claim or assigned, per the routes). The lost Outcome stays, so
// the report still counts the loss in its period.
import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { requireMove } from "../core/lifecycle/require-move.ts";
import { requireManager } from "../core/roles.ts";
import { audit } from "../store/audit/audit.ts";
import { clearLeadOwner } from "../store/leads/lead-owner.ts";
import { reopenLeadStage } from "../store/leads/lead-stage.ts";
import { recordTransitions } from "../store/leads/lead-transitions.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { refreshLead } from "./refresh-lead.ts";

export interface Reopened {
  leadId: string;
  stage: string;
  /** Set when routing assigned the lead at once; null while it is posted for a claim or waits. */
  ownerSlackId: string | null;
}

export async function reopenLead(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "rulesHash" | "now">;
  leadId: string;
  actor: string;
}): Promise<Reopened> {
  const { ctx, leadId, actor } = opts;
  // Refused before the lead is read: a rep is told the same whatever the lead.
  requireManager(ctx.rules, actor);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({
      tx,
      rules: ctx.rules,
      actor,
      leadId,
      lock: true,
      allowClosed: true,
    });
    const { to } = requireMove({ move: "reopen", lead, rules: ctx.rules, actor });
    await reopenLeadStage(tx, { leadId, stage: to.stage, at: now });
    await clearLeadOwner(tx, { leadId, at: now });
    if (lead.stage !== to.stage) {
      await recordTransitions(tx, {
        rows: [
          { id: randomUUID(), leadId, field: "stage", from: lead.stage, to: to.stage, reason: "reopened" },
        ],
        actor,
        at: now,
      });
    }
    await audit(tx, {
      actor,
      action: "lead.reopened",
      entity: "lead",
      entityId: leadId,
      data: { from: lead.stage, to: to.stage, previousOwner: lead.ownerSlackId },
    });
    // Rescored and routed in the same transaction (refreshLead routes an unowned sql lead).
    const summary = await refreshLead({ tx, ctx, leadId, actor });
    return { leadId, stage: summary.stage, ownerSlackId: summary.ownerSlackId };
  });
}
