// Follow-up reminders for sales-qualified leads and recycling of forgotten ones to nurture.
// decideFollowUps says what is due from timestamps; a reminder is recorded in lastReminderAt
// with a conditional update (the value read is still there) in the same transaction as its
// notice, so two runs or two instances remind once.
import type { AppContext } from "../context.ts";
import { decideFollowUps, type FollowUpAction } from "../core/routing/decide-follow-ups.ts";
import { endOpenAssignments } from "../store/assignments/end-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import { type FollowUpLeadRow, listFollowUpLeads, markLeadReminded } from "../store/leads/follow-up-leads.ts";
import { clearLeadOwner } from "../store/leads/lead-owner.ts";
import { readGuardedLead } from "../store/leads/read-guarded-lead.ts";
import { recycleLeadToNurture } from "../store/leads/recycle-lead.ts";
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
  const result: SendFollowUpsResult = { reminded: 0, recycled: 0 };
  // Keyset pages over open sales-qualified leads: bounded memory however many there are.
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const leads: FollowUpLeadRow[] = await ctx.db.transaction((tx) =>
      listFollowUpLeads(tx, { after: from, limit: BATCH }),
    );
    if (leads.length === 0) break;
    after = leads[leads.length - 1]?.id ?? null;
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
  return ctx.db.transaction(async (tx) => {
    if (!(await markLeadReminded(tx, { leadId: action.leadId, seen, at: now }))) return false;
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
  return ctx.db.transaction(async (tx) => {
    const lead = await readGuardedLead(tx, action.leadId, { lock: true });
    if (lead?.stage !== "sql") return false;
    await recycleLeadToNurture(tx, { leadId: action.leadId, reason, at: now });
    await clearLeadOwner(tx, { leadId: action.leadId, at: now });
    await endOpenAssignments(tx, { leadId: action.leadId, at: now, endReason: "recycled" });
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
