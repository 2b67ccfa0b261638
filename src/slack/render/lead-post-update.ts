// lead_post_update: re-render the lead's post from the lead as it is NOW (so several updates in a
// row all converge on the latest state) and chat.update it in place. A combined burst post is
// re-rendered whole: every lead it carries keeps its place.

import { type LeadForNotice, readLeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { readLeadsInPost } from "../../store/leads/read-leads-in-post.ts";
import { buildLeadStatusMessage } from "../blocks/claimed.ts";
import { buildHotLeadPost } from "../blocks/hot-lead.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { buildCombinedStatusMessage, type CombinedEntry } from "./combined-status.ts";
import { leadStatus, leadVM, postTarget, WAIT_FOR_POST_MS, withLead } from "./lead-data.ts";
import type { OutboxRow, RenderContext, Rendered } from "./types.ts";

export async function renderLeadPostUpdate(rc: RenderContext, row: OutboxRow): Promise<Rendered> {
  return withLead(rc, row, async (lead) => {
    const p = row.payload;
    let target: { channel: string; ts: string };
    if (typeof p.channel === "string" && typeof p.ts === "string" && p.channel && p.ts) {
      target = { channel: p.channel, ts: p.ts };
    } else {
      const t = await postTarget(rc.ctx, lead);
      if ("wait" in t)
        return { action: "wait", reason: "the lead's post has not gone out yet", ms: WAIT_FOR_POST_MS };
      if ("none" in t) return { action: "skip", reason: "the lead has no Slack post to update" };
      target = t;
    }
    const members = (await readLeadsInPost({ db: rc.ctx.db, post: target })) ?? [lead.id];
    let message: SlackMessage;
    if (members.length <= 1) {
      message = renderOne(rc, lead, p, target);
    } else {
      const entries: CombinedEntry[] = [];
      for (const id of members) {
        const member = id === lead.id ? lead : await readLeadForNotice({ db: rc.ctx.db, leadId: id });
        // A forgotten lead leaves the post (forget-rewrite.ts rewrote it without them).
        if (!member || member.forgottenAt) continue;
        const current = member.slackChannel === target.channel && member.slackTs === target.ts;
        entries.push({
          lead: leadVM(rc.ctx, member, rc.now),
          status: leadStatus(member, id === lead.id ? p : {}),
          current,
        });
      }
      message = buildCombinedStatusMessage(entries);
    }
    return { action: "update", channel: target.channel, ts: target.ts, message };
  });
}

function renderOne(
  rc: RenderContext,
  lead: LeadForNotice,
  payload: Record<string, unknown>,
  target: { channel: string; ts: string },
): SlackMessage {
  const vm = leadVM(rc.ctx, lead, rc.now);
  const status = leadStatus(lead, payload);
  if (!status) return buildHotLeadPost(vm);
  const message = buildLeadStatusMessage(vm, status);
  const moved = lead.slackChannel !== target.channel || lead.slackTs !== target.ts;
  if (status.state === "released" && moved) {
    // The lead was re-posted with its own Claim button; two live Claim buttons for one lead
    // would only confuse, so the old post keeps the story without one.
    return { ...message, blocks: message.blocks.filter((b) => b.type !== "actions") };
  }
  return message;
}
