// Threshold alerts worth reading (docs/decisions/0014-alerts-worth-reading.md). Before the claimed
// alerts go out one by one, per channel:
// - an alert that waited past `alerts.staleAfterMinutes` (an outage) is dropped, and every other
//   queued alert as old with it, counted in ONE notice for the managers (store: one transaction);
// - a channel with more than `alerts.batchPerMinute` alerts in a minute gets them as one summary
//   (core/alerts/decide-alert-batch.ts): the claimed alerts and every other one queued for it,
//   one post whose metadata carries every row id, and every row settled sent by one statement.
//   Killed between the post and the settle, the rows come back marked unknown and are looked up
//   in the channel first (recover-posted.ts), so none is posted twice.

import {
  ALERT_WINDOW_MS,
  type AlertBatchDecision,
  decideAlertBatch,
  isStaleAlert,
} from "../../core/alerts/decide-alert-batch.ts";
import { PRIORITY } from "../../core/outbox/priority.ts";
import { claimChannelAlerts, dropStaleAlerts, readWaitingAlerts } from "../../store/outbox/alert-batches.ts";
import { renderAlertBatch } from "../render/alert-summaries.ts";
import type { OutboxRow } from "../render/types.ts";
import { alertWindowOf } from "./alert-window.ts";
import { outboxMetadata } from "./find-posted.ts";
import { handleSendError } from "./handle-slack-error.ts";
import { LEASE_MS, leaseRunningOut, type Pass } from "./pass.ts";
import { recoverChannelRows } from "./recover-posted.ts";
import { countSkipped, deferAll, retry, sentTogether } from "./settle-row.ts";

/** Rows one summary settles at most: their ids ride in the post's metadata. */
const MAX_SUMMARY_ROWS = 200;

/** Drops stale alerts, sends summaries, puts back what waits; returns the alerts to send one by one. */
export async function sendAlerts(pass: Pass, alerts: readonly OutboxRow[]): Promise<OutboxRow[]> {
  if (alerts.length === 0) return [];
  const fresh = await dropStale(pass, alerts);
  const marketing = pass.ctx.rules.channels.marketing;
  const byChannel = new Map<string, OutboxRow[]>();
  const single: OutboxRow[] = [];
  for (const row of fresh) {
    const channel = row.channel ?? marketing;
    // No channel: the renderer skips it, alone.
    if (!channel || !marketing) single.push(row);
    else byChannel.set(channel, [...(byChannel.get(channel) ?? []), row]);
  }
  for (const [channel, rows] of byChannel) {
    const decision = await decide(pass, channel, marketing as string, rows);
    if (decision.action === "each") {
      alertWindowOf(pass.ctx).noteSingles(channel, rows.length, pass.now.getTime());
      single.push(...rows);
    } else if (decision.action === "wait")
      await deferAll(
        pass,
        rows.map((row) => ({ row, at: new Date(decision.until) })),
      );
    else await sendSummary(pass, channel, marketing as string, rows);
  }
  return single;
}

async function dropStale(pass: Pass, alerts: readonly OutboxRow[]): Promise<OutboxRow[]> {
  const { staleAfterMinutes } = pass.ctx.rules.alerts;
  const now = pass.now.getTime();
  const queued = (row: OutboxRow) => pass.queuedAt.get(row.id) ?? now;
  const stale = alerts.filter((row) => isStaleAlert(queued(row), now, staleAfterMinutes));
  if (stale.length === 0) return [...alerts];
  const dropped = await dropStaleAlerts(pass.ctx.db, {
    ids: stale.map((r) => r.id),
    cutoff: new Date(now - staleAfterMinutes * 60_000),
    reason: `stale: not sent within ${staleAfterMinutes} min (alerts.staleAfterMinutes)`,
    staleAfterMinutes,
  });
  pass.ctx.logger.warn(
    { dropped, staleAfterMinutes },
    "outbox: stale threshold alerts dropped, managers told",
  );
  countSkipped(pass, stale);
  return alerts.filter((row) => !stale.includes(row));
}

async function decide(
  pass: Pass,
  channel: string,
  marketing: string,
  rows: readonly OutboxRow[],
): Promise<AlertBatchDecision> {
  const now = pass.now.getTime();
  const window = alertWindowOf(pass.ctx);
  const waiting = await readWaitingAlerts(pass.ctx.db, {
    channel,
    defaultChannel: marketing,
    claimedIds: rows.map((r) => r.id),
    since: new Date(now - ALERT_WINDOW_MS),
  });
  return decideAlertBatch({
    now,
    recent: window.recentSingles(channel, now) + waiting.recent,
    waiting: Math.max(waiting.waiting, rows.length),
    oldestQueuedAt: Math.min(waiting.oldestMs ?? now, ...rows.map((r) => pass.queuedAt.get(r.id) ?? now)),
    lastSummaryAt: window.lastSummaryAt(channel),
    perMinute: pass.ctx.rules.alerts.batchPerMinute,
  });
}

async function sendSummary(
  pass: Pass,
  channel: string,
  marketing: string,
  claimed: OutboxRow[],
): Promise<void> {
  const wait = pass.pacing.waitFor(channel, pass.ctx.now(), PRIORITY.alert);
  if (wait !== null || leaseRunningOut(pass)) {
    await deferAll(
      pass,
      claimed.map((row) => ({ row, at: new Date(wait ?? pass.now.getTime()) })),
    );
    return;
  }
  const own = await recoverChannelRows(pass, channel, claimed.slice(0, MAX_SUMMARY_ROWS));
  await deferAll(
    pass,
    claimed.slice(MAX_SUMMARY_ROWS).map((row) => ({ row, at: pass.now })),
  );
  const more = await claimChannelAlerts(pass.ctx.db, {
    channel,
    defaultChannel: marketing,
    leaseUntil: new Date(pass.now.getTime() + LEASE_MS),
    limit: MAX_SUMMARY_ROWS - own.length,
    exclude: claimed.map((r) => r.id),
  });
  for (const row of more) pass.queuedAt.set(row.id, row.createdMs);
  const rows: OutboxRow[] = [...own, ...more];
  if (rows.length === 0) return;
  let message: Awaited<ReturnType<typeof renderAlertBatch>>;
  try {
    message = await renderAlertBatch({ ctx: pass.ctx, now: pass.now }, rows);
  } catch (err) {
    for (const row of rows) await retry(pass, row, err);
    return;
  }
  pass.pacing.take(channel, pass.ctx.now());
  alertWindowOf(pass.ctx).noteSummary(channel, pass.now.getTime());
  try {
    const res = await pass.client.chat.postMessage({
      channel,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
      metadata: outboxMetadata(rows.map((r) => r.id)),
    });
    await sentTogether(pass, rows, {
      channel: res.channel ?? channel,
      ts: res.ts ?? null,
      summary: true,
      merged: rows.length,
    });
  } catch (err) {
    for (const row of rows) await handleSendError(pass, row, channel, err, true);
  }
}
