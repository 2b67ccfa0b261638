// The owner sends a lead back to marketing nurture with a reason: stage nurture, owner cleared,
// assignment ended, marketing told (nurture_notice), the post updated. The move is `nurture` of
// core/lifecycle; a nurtured lead comes back by itself when it turns hot (`reenter`).
import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { requireMove } from "../core/lifecycle/require-move.ts";
import { closeOpenAssignments } from "../store/assignments/close-open-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import { clearLeadOwner } from "../store/leads/lead-owner.ts";
import { nurtureLeadStage } from "../store/leads/lead-stage.ts";
import { recordTransitions } from "../store/leads/lead-transitions.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { recordOutcome } from "../store/outcomes/record-outcome.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";

export async function nurtureLead(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  leadId: string;
  actor: string;
  reason: string;
}): Promise<{ leadId: string }> {
  const { ctx, leadId, actor } = opts;
  const reason = opts.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new ValidationError("Give a reason (3 to 1000 characters)", [
      { field: "reason", message: "Give a reason of 3 to 1000 characters" },
    ]);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    requireMove({ move: "nurture", lead, rules: ctx.rules, actor });
    // First response only when the owner acts (not a manager): recordFirstResponse decides. It
    // reads the open assignment, so it comes before that assignment ends.
    await recordFirstResponse(tx, { lead, actor, now });
    await nurtureLeadStage(tx, { leadId, reason, at: now });
    await clearLeadOwner(tx, { leadId, at: now });
    await recordTransitions(tx, {
      rows: [{ id: randomUUID(), leadId, field: "stage", from: lead.stage, to: "nurture", reason }],
      actor,
      at: now,
    });
    await recordOutcome(tx, { leadId, kind: "nurture", reason, occurredAt: now, by: actor, at: now });
    await closeOpenAssignments(tx, { leadId, reason: "nurture", at: now });
    await audit(tx, { actor, action: "lead.nurtured", entity: "lead", entityId: leadId, data: { reason } });
    await enqueueNotice(tx, {
      kind: "nurture_notice",
      leadId,
      payload: { leadId, reason, by: actor },
    });
    await enqueueNotice(tx, {
      kind: "lead_post_update",
      leadId,
      channel: lead.slackChannel,
      payload: {
        leadId,
        channel: lead.slackChannel,
        ts: lead.slackTs,
        nurturedBy: actor,
        previousOwner: lead.ownerSlackId,
      },
    });
    return { leadId };
  });
}
