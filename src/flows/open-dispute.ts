// A rep says a lead they received is junk. A manager decides (approve-dispute.ts); until then the
// lead stays as it is, and the managers' channel is told (dispute_opened). One open dispute per
// lead and rep.
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.ts";
import { isUuid, RefusedError } from "../core/roles.ts";
import { audit } from "../store/audit/audit.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export async function openDispute(opts: {
  ctx: Pick<AppContext, "db" | "now">;
  leadId: string;
  actor: string;
  reason: string;
}): Promise<{ disputeId: string }> {
  const { ctx, leadId, actor } = opts;
  const reason = opts.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new ValidationError("Give a reason (3 to 1000 characters)", [
      { field: "reason", message: "Give a reason of 3 to 1000 characters" },
    ]);
  if (!isUuid(leadId)) throw new NotFoundError("That lead no longer exists.");
  const now = ctx.now();
  return ctx.db.modelTransaction(async (tx) => {
    await tx.prisma.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${leadId}::uuid FOR UPDATE`;
    const lead = await tx.prisma.lead.findUnique({ where: { id: leadId }, select: { id: true } });
    if (!lead) throw new NotFoundError("That lead no longer exists.");
    // Only a rep who was given the lead may call it junk: it is their share that is at stake.
    const received = await tx.prisma.assignment.count({ where: { leadId, repSlackId: actor } });
    if (received === 0) throw new RefusedError("You can only dispute a lead you were given.", "not_owner");
    const open = await tx.prisma.dispute.count({ where: { leadId, repSlackId: actor, status: "open" } });
    if (open > 0) throw new ConflictError("You already disputed this lead; a manager will decide.");
    const dispute = await tx.prisma.dispute.create({
      data: { leadId, repSlackId: actor, reason, createdAt: now },
      select: { id: true },
    });
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
