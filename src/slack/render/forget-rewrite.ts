// forget_rewrite: a message already sent about a lead that has been forgotten, rewritten in place
// (flows/forget-lead.ts queues one per message). A combined hot post that also carries other
// leads is re-rendered without the forgotten ones, so the others keep their Claim and status;
// anything else becomes the neutral text. The row's lead is forgotten by design, so it is not
// read through withLead (which skips forgotten leads).
import { readLeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { readLeadsInPost } from "../../store/leads/read-leads-in-post.ts";
import { buildForgottenMessage } from "../blocks/forgotten.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { buildCombinedStatusMessage, type CombinedEntry } from "./combined-status.ts";
import { leadStatus, leadVM } from "./lead-data.ts";
import type { OutboxRow, RenderContext, Rendered } from "./types.ts";

export async function renderForgetRewrite(rc: RenderContext, row: OutboxRow): Promise<Rendered> {
  const { channel, ts } = row.payload;
  if (typeof channel !== "string" || typeof ts !== "string" || !channel || !ts)
    return { action: "skip", reason: "no message to rewrite" };
  return { action: "update", channel, ts, message: await rewritten(rc, { channel, ts }) };
}

async function rewritten(rc: RenderContext, post: { channel: string; ts: string }): Promise<SlackMessage> {
  const members = (await readLeadsInPost({ db: rc.ctx.db, post })) ?? [];
  const entries: CombinedEntry[] = [];
  for (const id of members) {
    const member = await readLeadForNotice({ db: rc.ctx.db, leadId: id });
    if (!member || member.forgottenAt) continue;
    const current = member.slackChannel === post.channel && member.slackTs === post.ts;
    entries.push({ lead: leadVM(rc.ctx, member, rc.now), status: leadStatus(member, {}), current });
  }
  return entries.length > 0 ? buildCombinedStatusMessage(entries) : buildForgottenMessage();
}
