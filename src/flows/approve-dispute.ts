// A manager approves a junk dispute: the lead is disqualified, and in the fairness ledger of the
// pool the rep received it from the lead stops counting and a make-up lead is owed
// (routing/fairness.ts creditDispute; routeLead pays it back at the next decision in that pool).
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.ts";
import { isUuid, requireManager } from "../core/roles.ts";
import { creditDispute } from "../core/routing/fairness.ts";
import { audit } from "../store/audit/audit.ts";
import type { ModelTx } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { lockRoutingState } from "../store/routing/lock-routing-state.ts";

export async function approveDispute(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  /** A dispute id, or the id of a lead with exactly one open dispute (`/leads approve <lead>`). */
  disputeId: string;
  actor: string;
}): Promise<{ leadId: string; repSlackId: string; creditedPool: string | null }> {
  const { ctx, disputeId, actor } = opts;
  requireManager(ctx.rules, actor);
  if (!isUuid(disputeId)) throw new NotFoundError("That dispute no longer exists.");
  const now = ctx.now();
  return ctx.db.modelTransaction(async (tx) => {
    const dispute = await findDispute(tx, disputeId);
    const { leadId, repSlackId } = dispute;
    await tx.prisma.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${leadId}::uuid FOR UPDATE`;
    // The conditional update decides between two managers clicking at once.
    const won = await tx.prisma.dispute.updateMany({
      where: { id: dispute.id, status: "open" },
      data: { status: "approved", decidedBy: actor, decidedAt: now },
    });
    if (won.count === 0) throw new ConflictError("That dispute was already decided.");

    const received = await tx.prisma.assignment.findFirst({
      where: { leadId, repSlackId, pool: { not: null } },
      orderBy: { createdAt: "desc" },
      select: { pool: true },
    });
    const pool = received?.pool ?? null;
    if (pool) {
      const state = await lockRoutingState({ tx, pools: [pool], repSlackIds: [], now });
      const entry = creditDispute({ entry: state.ledger[pool]?.[repSlackId] });
      const data = { assigned: entry.assigned, credits: entry.credits };
      await tx.prisma.fairnessLedger.upsert({
        where: { pool_repSlackId: { pool, repSlackId } },
        create: { pool, repSlackId, ...data },
        update: data,
      });
    }

    const lead = await tx.prisma.lead.findUniqueOrThrow({
      where: { id: leadId },
      select: { stage: true, slackChannel: true, slackTs: true },
    });
    if (lead.stage !== "disqualified") {
      await tx.prisma.lead.update({
        where: { id: leadId },
        data: { stage: "disqualified", claimDeadlineAt: null },
      });
      await tx.prisma.leadTransition.create({
        data: {
          leadId,
          field: "stage",
          from: lead.stage,
          to: "disqualified",
          reason: dispute.reason,
          actor,
          at: now,
        },
      });
      await tx.prisma.outcome.create({
        data: { leadId, kind: "disqualified", reason: dispute.reason, occurredAt: now, byUserId: actor },
      });
    }
    await tx.prisma.assignment.updateMany({
      where: { leadId, endedAt: null },
      data: { endedAt: now, endReason: "disqualified" },
    });
    await audit(tx, {
      actor,
      action: "dispute.approved",
      entity: "dispute",
      entityId: dispute.id,
      data: { leadId, repSlackId, pool },
    });
    if (lead.slackChannel || lead.slackTs) {
      await enqueueNotice(tx, {
        kind: "lead_post_update",
        leadId,
        channel: lead.slackChannel,
        payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
      });
    }
    return { leadId, repSlackId, creditedPool: pool };
  });
}

/** The dispute by its id, else the one open dispute of the lead with that id. */
async function findDispute(tx: ModelTx, id: string) {
  const dispute = await tx.prisma.dispute.findUnique({ where: { id } });
  if (dispute) return dispute;
  const open = await tx.prisma.dispute.findMany({
    where: { leadId: id, status: "open" },
    orderBy: { createdAt: "asc" },
    take: 6,
  });
  const [only] = open;
  if (!only) throw new NotFoundError("No open dispute has that id, and that lead has no open dispute.");
  if (open.length > 1)
    throw new ValidationError(
      `That lead has several open disputes; approve one by its id: ${open
        .slice(0, 5)
        .map((d) => `${d.id} (<@${d.repSlackId}>)`)
        .join(", ")}.`,
    );
  return only;
}
