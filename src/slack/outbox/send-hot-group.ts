// The hot_lead_post rows claimed for one channel go out as one combined message when the
// channel has a token, carrying all their row ids in its metadata.
import { type HotBatch, renderHotBatch } from "../render/hot-lead-post.ts";
import type { OutboxRow } from "../render/types.ts";
import { outboxMetadata } from "./find-posted.ts";
import { handleSendError } from "./handle-slack-error.ts";
import { leaseRunningOut, type Pass, renderContext } from "./pass.ts";
import { recoverHotRows } from "./recover-posted.ts";
import { defer, hotPostSent, retry, skip } from "./settle-row.ts";

export async function sendHotGroup(pass: Pass, channel: string, claimed: OutboxRow[]): Promise<void> {
  // The channel's token first: while it waits (empty, or a 429), no call at all, not even a lookup.
  const wait = pass.pacing.waitFor(channel, pass.ctx.now());
  if (wait !== null) {
    for (const row of claimed) await defer(pass, row, new Date(wait));
    return;
  }
  const rows = await recoverHotRows(pass, channel, claimed);
  if (rows.length === 0) return;
  let batch: HotBatch;
  try {
    batch = await renderHotBatch(renderContext(pass), rows);
  } catch (err) {
    for (const row of rows) await retry(pass, row, err);
    return;
  }
  for (const s of batch.skipped) await skip(pass, s.row, s.reason);
  if (!batch.message || batch.included.length === 0) {
    for (const row of batch.deferred) await defer(pass, row, pass.now);
    return;
  }
  if (leaseRunningOut(pass)) {
    for (const row of [...batch.included.map((i) => i.row), ...batch.deferred])
      await defer(pass, row, pass.now);
    return;
  }
  const at = pass.ctx.now();
  pass.pacing.take(channel, at);
  // What did not fit in this message waits for the channel's next token.
  const next = new Date(pass.pacing.waitFor(channel, at) ?? at.getTime());
  for (const row of batch.deferred) await defer(pass, row, next);
  try {
    const res = await pass.client.chat.postMessage({
      channel,
      text: batch.message.text,
      blocks: batch.message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: outboxMetadata(batch.included.map((i) => i.row.id)),
    });
    const ts = res.ts;
    if (!ts) throw new Error("chat.postMessage answered without a ts");
    await hotPostSent(pass, batch.included, {
      channel: res.channel ?? channel,
      ts,
      postedAt: pass.now,
      recovered: false,
    });
  } catch (err) {
    for (const { row } of batch.included) await handleSendError(pass, row, channel, err, true);
  }
}
