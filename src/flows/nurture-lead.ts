// The owner sends a lead back to marketing nurture with a reason: stage nurture, owner cleared,
// assignment ended, marketing told (nurture_notice), the post updated.
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { audit } from "../store/audit/audit.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
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
  return ctx.db.modelTransaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    await tx.prisma.lead.update({
      where: { id: leadId },
      data: {
        stage: "nurture",
        nurturedAt: now,
        nurtureReason: reason,
        ownerSlackId: null,
        lastActivityAt: now,
      },
    });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    await tx.prisma.leadTransition.create({
      data: { leadId, field: "stage", from: lead.stage, to: "nurture", reason, actor, at: now },
    });
    await tx.prisma.outcome.create({
      data: { leadId, kind: "nurture", reason, occurredAt: now, byUserId: actor },
    });
    await tx.prisma.assignment.updateMany({
      where: { leadId, endedAt: null },
      data: { endedAt: now, endReason: "nurture" },
    });
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
