// Every other notice, one at a time: rendered from the current data, then posted (in its
// channel's pace (pacing.ts), after a lookup if an earlier post of it may be out) or updated in place.
import { priorityOf } from "../../core/outbox/priority.ts";
import { recordReceiptPost } from "../../store/leads/record-receipt-post.ts";
import { RENDERERS } from "../render/index.ts";
import type { OutboxRow, Rendered } from "../render/types.ts";
import { outboxMetadata } from "./find-posted.ts";
import { handleSendError } from "./handle-slack-error.ts";
import { leaseRunningOut, type Pass, renderContext } from "./pass.ts";
import { recoverPost } from "./recover-posted.ts";
import { defer, fail, retry, sent, skip } from "./settle-row.ts";

export async function sendNotice(pass: Pass, row: OutboxRow): Promise<void> {
  const rendered = await renderNotice(pass, row);
  if (rendered) await deliverRendered(pass, row, rendered);
}

/** The row rendered from the current data; null when it could not be (the row is settled). */
export async function renderNotice(pass: Pass, row: OutboxRow): Promise<Rendered | null> {
  const renderer = RENDERERS[row.kind as keyof typeof RENDERERS];
  if (!renderer) {
    await fail(pass, row, `unknown notice kind ${row.kind}`);
    return null;
  }
  try {
    return await renderer(renderContext(pass), row);
  } catch (err) {
    await retry(pass, row, err);
    return null;
  }
}

/** Does what the rendering says: skip, wait, update in place or post. */
export async function deliverRendered(pass: Pass, row: OutboxRow, rendered: Rendered): Promise<void> {
  switch (rendered.action) {
    case "skip":
      await skip(pass, row, rendered.reason);
      return;
    case "wait":
      await defer(pass, row, new Date(pass.now.getTime() + rendered.ms), rendered.reason);
      return;
    case "update":
      await update(pass, row, rendered);
      return;
    case "post":
      await post(pass, row, rendered);
  }
}

// chat.update sets the same content again: repeating it is harmless, no lookup needed.
async function update(
  pass: Pass,
  row: OutboxRow,
  rendered: Extract<Rendered, { action: "update" }>,
): Promise<void> {
  const key = `${rendered.channel}:${rendered.ts}`;
  if (pass.updated.has(key)) {
    await sent(pass, row, { channel: rendered.channel, ts: rendered.ts, coalesced: true });
    return;
  }
  if (leaseRunningOut(pass)) {
    await defer(pass, row, pass.now);
    return;
  }
  try {
    await pass.client.chat.update({
      channel: rendered.channel,
      ts: rendered.ts,
      text: rendered.message.text,
      blocks: rendered.message.blocks,
    });
    pass.updated.add(key);
    await sent(pass, row, { channel: rendered.channel, ts: rendered.ts });
  } catch (err) {
    await handleSendError(pass, row, rendered.channel, err, false);
  }
}

async function post(
  pass: Pass,
  row: OutboxRow,
  rendered: Extract<Rendered, { action: "post" }>,
): Promise<void> {
  const wait = pass.pacing.waitFor(rendered.channel, pass.ctx.now(), priorityOf(row.kind));
  if (wait !== null) {
    pass.pacing.rememberWaiting(row.id, rendered.channel);
    await defer(pass, row, new Date(wait));
    return;
  }
  const before = await recoverPost(pass, row, { channel: rendered.channel, threadTs: rendered.threadTs });
  if (typeof before === "object") await recordReceipt(pass, rendered, before.found.ts);
  if (before !== "post") return;
  if (leaseRunningOut(pass)) {
    await defer(pass, row, pass.now);
    return;
  }
  pass.pacing.take(rendered.channel, pass.ctx.now());
  let postedTs: string | undefined;
  try {
    const res = await pass.client.chat.postMessage({
      channel: rendered.channel,
      text: rendered.message.text,
      blocks: rendered.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: outboxMetadata([row.id]),
      ...(rendered.threadTs ? { thread_ts: rendered.threadTs } : {}),
    });
    await sent(pass, row, { channel: res.channel ?? rendered.channel, ts: res.ts ?? null });
    postedTs = res.ts;
  } catch (err) {
    await handleSendError(pass, row, rendered.channel, err, true);
  }
  // After the row is settled: a failure here must not make the row look unsent (it would post twice).
  if (postedTs) await recordReceipt(pass, rendered, postedTs);
}

/** A score receipt that is in Slack: the lead remembers where, so score changes edit it. */
async function recordReceipt(
  pass: Pass,
  rendered: Extract<Rendered, { action: "post" }>,
  ts: string,
): Promise<void> {
  if (!rendered.receiptOf || !rendered.threadTs) return;
  await recordReceiptPost(pass.ctx.db, { leadId: rendered.receiptOf, ts, threadTs: rendered.threadTs });
}
