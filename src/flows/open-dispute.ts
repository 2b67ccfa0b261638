// A rep says a lead they received is junk. A manager decides (approve-dispute.ts); until then the
// lead stays as it is, and the managers' channel is told (dispute_opened). One open dispute per
// lead and rep.
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.ts";
import { isUuid, RefusedError, requireLeadRole } from "../core/roles.ts";
import { wasLeadGivenTo } from "../store/assignments/read-lead-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import { hasOpenDispute } from "../store/disputes/read-disputes.ts";
import { insertDispute } from "../store/disputes/write-disputes.ts";
import { lockLead } from "../store/leads/lock-lead.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export async function openDispute(opts: {
  ctx: Pick<AppContext, "db" | "now" | "rules">;
  leadId: string;
  actor: string;
  reason: string;
}): Promise<{ disputeId: string }> {
  const { ctx, leadId, actor } = opts;
  // Before anything is read, so a non-rep learns nothing about the lead.
  requireLeadRole(ctx.rules, actor, "rep");
  const reason = opts.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new ValidationError("Give a reason (3 to 1000 characters)", [
      { field: "reason", message: "Give a reason of 3 to 1000 characters" },
    ]);
  if (!isUuid(leadId)) throw new NotFoundError("That lead no longer exists.");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    if (!(await lockLead(tx, leadId))) throw new NotFoundError("That lead no longer exists.");
    // Only a rep who was given the lead may call it junk: it is their share that is at stake.
    if (!(await wasLeadGivenTo(tx, { leadId, repSlackId: actor }))) {
      throw new RefusedError("You can only dispute a lead you were given.", "not_owner");
    }
    if (await hasOpenDispute(tx, { leadId, repSlackId: actor })) {
      throw new ConflictError("You already disputed this lead; a manager will decide.");
    }
    const dispute = await insertDispute(tx, { leadId, repSlackId: actor, reason, at: now });
    await audit(tx, {
      actor,
      action: "dispute.opened",
      entity: "dispute",
      entityId: dispute.id,
      data: { leadId, reason },
    });
    // Managers decide, so they hear of it in their channel (with the command to approve).
    await enqueueNotice(tx, {
      kind: "dispute_opened",
      leadId,
      payload: { leadId, disputeId: dispute.id, repSlackId: actor, reason },
      dedupeKey: `dispute:${dispute.id}`,
    });
    return { disputeId: dispute.id };
  });
}
