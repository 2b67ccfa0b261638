// Follow-up reminders for sales-qualified leads and recycling of forgotten ones to nurture.
// decideFollowUps says what is due from timestamps; a reminder is recorded in lastReminderAt
// with a conditional update (the value read is still there) in the same transaction as its
// notice, so two runs or two instances remind once.
import type { AppContext } from "../context.ts";
import { decideFollowUps, type FollowUpAction } from "../core/routing/decide-follow-ups.ts";
import { audit } from "../store/audit/audit.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export interface SendFollowUpsResult {
  reminded: number;
  recycled: number;
}

const BATCH = 500;

export async function sendFollowUps(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  now: Date;
}): Promise<SendFollowUpsResult> {
  const { ctx, now } = opts;
  const prisma = ctx.db.prisma;
  const result: SendFollowUpsResult = { reminded: 0, recycled: 0 };
  // Keyset pages over open sales-qualified leads: bounded memory however many there are.
  let after: string | undefined;
  for (;;) {
    const leads = await prisma.lead.findMany({
      where: { stage: "sql", lostAt: null, forgottenAt: null, ...(after ? { id: { gt: after } } : {}) },
      select: {
        id: true,
        stage: true,
        ownerSlackId: true,
        lastActivityAt: true,
        sqlAt: true,
        assignedAt: true,
        claimedAt: true,
        firstResponseAt: true,
        contactedAt: true,
        lastReminderAt: true,
      },
      orderBy: { id: "asc" },
      take: BATCH,
    });
    if (leads.length === 0) break;
    after = leads[leads.length - 1]?.id;
    const byId = new Map(leads.map((l) => [l.id, l]));
    for (const action of decideFollowUps({ leads, now, config: ctx.rules.followUp })) {
      const lead = byId.get(action.leadId);
      if (!lead) continue;
      if (action.kind === "recycle") {
        if (await recycle(ctx, action, now)) result.recycled++;
      } else if (await remind(ctx, action, lead.lastReminderAt, now)) result.reminded++;
    }
    if (leads.length < BATCH) break;
  }
  return result;
}

async function remind(
  ctx: Pick<AppContext, "db" | "rules">,
  action: FollowUpAction,
  seen: Date | null,
  now: Date,
): Promise<boolean> {
  return ctx.db.modelTransaction(async (tx) => {
    const won = await tx.prisma.lead.updateMany({
      where: { id: action.leadId, stage: "sql", lastReminderAt: seen },
      data: { lastReminderAt: now },
    });
    if (won.count === 0) return false;
    const to =
      action.to.type === "user"
        ? action.to.id
        : (ctx.rules.channels.managers ?? ctx.rules.roles.managers[0] ?? null);
    await enqueueNotice(tx, {
      kind: "follow_up_dm",
      leadId: action.leadId,
      channel: to,
      payload: { leadId: action.leadId, reason: action.kind, days: action.days },
      dedupeKey: `followup:${action.leadId}:${now.toISOString()}`,
    });
    return true;
  });
}

async function recycle(
  ctx: Pick<AppContext, "db" | "rules">,
  action: FollowUpAction,
  now: Date,
): Promise<boolean> {
  const reason = `no activity for ${action.days} days`;
  return ctx.db.modelTransaction(async (tx) => {
    await tx.prisma.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${action.leadId}::uuid FOR UPDATE`;
    const lead = await tx.prisma.lead.findUnique({
      where: { id: action.leadId },
      select: { stage: true, ownerSlackId: true, slackChannel: true, slackTs: true },
    });
    if (lead?.stage !== "sql") return false;
    await tx.prisma.lead.update({
      where: { id: action.leadId },
      data: {
        stage: "nurture",
        nurturedAt: now,
        nurtureReason: reason,
        ownerSlackId: null,
        claimDeadlineAt: null,
      },
    });
    await tx.prisma.leadTransition.create({
      data: {
        leadId: action.leadId,
        field: "stage",
        from: "sql",
        to: "nurture",
        reason,
        actor: "system",
        at: now,
      },
    });
    await tx.prisma.outcome.create({
      data: { leadId: action.leadId, kind: "nurture", reason, occurredAt: now },
    });
    await tx.prisma.assignment.updateMany({
      where: { leadId: action.leadId, endedAt: null },
      data: { endedAt: now, endReason: "recycled" },
    });
    await audit(tx, {
      actor: "system",
      action: "lead.recycled",
      entity: "lead",
      entityId: action.leadId,
      data: { reason, previousOwner: lead.ownerSlackId },
    });
    await enqueueNotice(tx, {
      kind: "nurture_notice",
      leadId: action.leadId,
      payload: { leadId: action.leadId, reason, by: "system" },
      dedupeKey: `recycle:${action.leadId}:${now.toISOString()}`,
    });
    if (lead.slackChannel || lead.slackTs) {
      await enqueueNotice(tx, {
        kind: "lead_post_update",
        leadId: action.leadId,
        channel: lead.slackChannel,
        payload: { leadId: action.leadId, channel: lead.slackChannel, ts: lead.slackTs },
      });
    }
    return true;
  });
}
