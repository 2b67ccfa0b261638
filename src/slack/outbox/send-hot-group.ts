// The hot_lead_post rows claimed for one channel go out as one combined message, in the
// channel's slot, carrying all their row ids in its metadata.
import { type HotBatch, renderHotBatch } from "../render/hot-lead-post.ts";
import type { OutboxRow } from "../render/types.ts";
import { outboxMetadata } from "./find-posted.ts";
import { handleSendError } from "./handle-slack-error.ts";
import { CHANNEL_INTERVAL_MS } from "./pacing.ts";
import { leaseRunningOut, type Pass, renderContext } from "./pass.ts";
import { recoverHotRows } from "./recover-posted.ts";
import { defer, hotPostSent, retry, skip } from "./settle-row.ts";

export async function sendHotGroup(pass: Pass, channel: string, claimed: OutboxRow[]): Promise<void> {
  // The channel's slot first: while it waits (a 429), no call at all, not even a lookup.
  const wait = pass.pacing.waitFor(channel, pass.now);
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
  const nextSlot = new Date(pass.now.getTime() + CHANNEL_INTERVAL_MS);
  for (const row of batch.deferred) await defer(pass, row, nextSlot);
  if (!batch.message || batch.included.length === 0) return;
  if (leaseRunningOut(pass)) {
    for (const { row } of batch.included) await defer(pass, row, pass.now);
    return;
  }
  pass.pacing.take(channel, pass.now);
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
