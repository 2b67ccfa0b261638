// score_receipt: the score receipt ("why is this lead hot?") in the lead's thread, posted once
// per post and then edited in place (chat.update) when the score changes, so the thread holds
// one receipt showing the current score rather than a new reply per change. Also what the
// "Why this score?" button shows for any lead (listeners/actions/why-score.ts).
import type { AppContext } from "../../context.ts";
import type { LeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { readScoreEntries } from "../../store/leads/read-score-entries.ts";
import { buildScoreReceipt } from "../blocks/receipt.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { leadVM, postTarget, WAIT_FOR_POST_MS, withLead } from "./lead-data.ts";
import type { OutboxRow, RenderContext, Rendered } from "./types.ts";

type Entry = Awaited<ReturnType<typeof readScoreEntries>>[number];

/** The receipt of a lead as it is now. */
export function scoreReceiptMessage(
  ctx: AppContext,
  lead: LeadForNotice,
  entries: readonly Entry[],
  now: Date,
): SlackMessage {
  const vm = leadVM(ctx, lead, now);
  return buildScoreReceipt({
    lead: { id: lead.id, name: vm.name ?? null, company: lead.company },
    score: vm.score,
    entries: entries.map((e) => ({
      rule: e.rule,
      kind: e.kind === "fit" ? "fit" : "engagement",
      points: e.points,
      currentPoints: e.currentPoints,
      at: e.at,
    })),
  });
}

export async function renderScoreReceipt(rc: RenderContext, row: OutboxRow): Promise<Rendered> {
  return withLead(rc, row, async (lead) => {
    const target = await postTarget(rc.ctx, lead);
    if ("wait" in target)
      return { action: "wait", reason: "the lead's post has not gone out yet", ms: WAIT_FOR_POST_MS };
    if ("none" in target) return { action: "skip", reason: "the lead has no Slack post to reply under" };
    const entries = await readScoreEntries({ db: rc.ctx.db, leadId: lead.id });
    const message = scoreReceiptMessage(rc.ctx, lead, entries, rc.now);
    // The receipt already in this post's thread is edited; a new post (a re-post after a release)
    // gets its own.
    if (lead.receiptTs && lead.receiptThreadTs === target.ts)
      return { action: "update", channel: target.channel, ts: lead.receiptTs, message };
    return {
      action: "post",
      channel: target.channel,
      threadTs: target.ts,
      message,
      receiptOf: lead.id,
    };
  });
}
