// The owner answered a lead. This is the one place that decides whether an action is the lead's
// first response and stamps Lead.firstResponseAt (speed-to-lead); record-contact, mark-won,
// mark-lost, submit-qualification and nurture-lead call it inside their transaction, after
// authorizeLeadAction locked the lead row and before they end the open assignment.
//
// Rule: only the OWNER's own action is a first response. A manager (or another rep) acting on the
// lead says nothing about the owner's speed, and Release is handing the lead back, not answering
// it, so release-lead does not call this. An already answered lead keeps its first stamp.
//
// When the response came within the SLA (the owner's open assignment never breached), the rep's
// consecutive SLA-breach count starts again from 0 (routing/should-pause.ts).
import type { ModelTx } from "../db.ts";

export async function recordFirstResponse(
  tx: ModelTx,
  opts: {
    /** The lead as the caller read it under its row lock. */
    lead: { id: string; ownerSlackId: string | null; firstResponseAt: Date | null };
    actor: string;
    now: Date;
  },
): Promise<{ recorded: boolean; withinSla: boolean }> {
  const { lead, actor, now } = opts;
  if (lead.firstResponseAt !== null || lead.ownerSlackId === null || lead.ownerSlackId !== actor) {
    return { recorded: false, withinSla: false };
  }
  // Conditional: a response already stamped (by a concurrent transaction that did not hold the
  // lock the caller holds) is never overwritten.
  const stamped = await tx.prisma.lead.updateMany({
    where: { id: lead.id, firstResponseAt: null },
    data: { firstResponseAt: now },
  });
  if (stamped.count === 0) return { recorded: false, withinSla: false };
  const open = await tx.prisma.assignment.findFirst({
    where: { leadId: lead.id, repSlackId: actor, endedAt: null },
    orderBy: { createdAt: "desc" },
    select: { breachedAt: true },
  });
  const withinSla = open !== null && open.breachedAt === null;
  if (withinSla) {
    await tx.prisma.rep.updateMany({
      where: { slackId: actor, slaBreaches: { gt: 0 } },
      data: { slaBreaches: 0 },
    });
  }
  return { recorded: true, withinSla };
}
