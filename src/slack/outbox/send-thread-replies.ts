// Thread replies that only explain (routing notes, assignment reasons, receipts) are the least
// urgent messages of a channel and wait longest for its tokens (core/outbox/priority.ts), so
// several for one lead often come due together: they go out as one reply in the lead's thread,
// one message (and one token) instead of several. A row whose earlier post may be in Slack goes
// alone, through the lookup of recover-posted.ts; the merged post carries every row id in its
// metadata, so such a lookup finds it later.
import { PRIORITY } from "../../core/outbox/priority.ts";
import type { SlackMessage } from "../blocks/types.ts";
import type { OutboxRow, Rendered } from "../render/types.ts";
import { outboxMetadata } from "./find-posted.ts";
import { handleSendError } from "./handle-slack-error.ts";
import { leaseRunningOut, type Pass } from "./pass.ts";
import { deliverRendered, renderNotice, sendNotice } from "./send-notice.ts";
import { defer, sent } from "./settle-row.ts";

/** Slack's limit of blocks in one message. */
const MAX_BLOCKS = 50;

type Reply = { row: OutboxRow; rendered: Extract<Rendered, { action: "post" }> };

export async function sendThreadReplies(pass: Pass, rows: readonly OutboxRow[]): Promise<void> {
  const threads = new Map<string, Reply[]>();
  for (const row of rows) {
    if (pass.unknown.has(row.id)) {
      await sendNotice(pass, row);
      continue;
    }
    const rendered = await renderNotice(pass, row);
    if (!rendered) continue;
    if (rendered.action !== "post" || !rendered.threadTs) {
      await deliverRendered(pass, row, rendered);
      continue;
    }
    const key = `${rendered.channel}:${rendered.threadTs}`;
    threads.set(key, [...(threads.get(key) ?? []), { row, rendered }]);
  }
  for (const replies of threads.values()) {
    const merged = fitting(replies);
    if (merged.length < 2) {
      for (const r of replies) await deliverRendered(pass, r.row, r.rendered);
      continue;
    }
    await postMerged(pass, merged);
    for (const r of replies.slice(merged.length)) await deliverRendered(pass, r.row, r.rendered);
  }
}

/** The first replies whose blocks fit in one message together. */
function fitting(replies: Reply[]): Reply[] {
  let blocks = 0;
  const out: Reply[] = [];
  for (const r of replies) {
    blocks += r.rendered.message.blocks.length + (out.length > 0 ? 1 : 0);
    if (blocks > MAX_BLOCKS) break;
    out.push(r);
  }
  return out;
}

function merge(replies: Reply[]): SlackMessage {
  return {
    text: replies
      .map((r) => r.rendered.message.text)
      .join("\n")
      .slice(0, 3_000),
    blocks: replies.flatMap((r, i) => [
      ...(i > 0 ? [{ type: "divider" as const }] : []),
      ...r.rendered.message.blocks,
    ]),
  };
}

async function postMerged(pass: Pass, replies: Reply[]): Promise<void> {
  const first = replies[0] as Reply;
  const { channel, threadTs } = first.rendered;
  const wait = pass.pacing.waitFor(channel, pass.ctx.now(), PRIORITY.explain);
  if (wait !== null) for (const r of replies) pass.pacing.rememberWaiting(r.row.id, channel);
  if (wait !== null || leaseRunningOut(pass)) {
    for (const r of replies) await defer(pass, r.row, new Date(wait ?? pass.now.getTime()));
    return;
  }
  pass.pacing.take(channel, pass.ctx.now());
  const message = merge(replies);
  try {
    const res = await pass.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: outboxMetadata(replies.map((r) => r.row.id)),
      ...(threadTs ? { thread_ts: threadTs } : {}),
    });
    for (const r of replies)
      await sent(pass, r.row, {
        channel: res.channel ?? channel,
        ts: res.ts ?? null,
        merged: replies.length,
      });
  } catch (err) {
    for (const r of replies) await handleSendError(pass, r.row, channel, err, true);
  }
}
