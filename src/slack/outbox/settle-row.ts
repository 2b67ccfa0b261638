// Records what became of a row in this pass: in the table (store/outbox), in the pass's counts,
// and in the `leadops_slack_deliveries_total` metric. A deferral is not a try and not counted there.
import { outboxWait, slackDeliveries } from "../../observability/metrics.ts";
import { recordHotPost } from "../../store/outbox/record-hot-post.ts";
import {
  deferNotice,
  deferNotices,
  markNoticeFailed,
  markNoticeSkipped,
  markNoticesSent,
  type NoticeResult,
  rescheduleNotice,
} from "../../store/outbox/settle-notice.ts";
import type { OutboxRow } from "../render/types.ts";
import type { Pass } from "./pass.ts";

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
/** Errors that are ours (a render bug, bad data), not Slack's, stop after this many tries. */
export const MAX_INTERNAL_ATTEMPTS = 10;

type Outcome = "sent" | "already_posted" | "retried" | "failed" | "skipped";

function count(rows: readonly OutboxRow[], result: Outcome): void {
  for (const row of rows) slackDeliveries.inc({ kind: row.kind, result });
}

/** How long each delivered row waited since it was queued. */
function observeWait(pass: Pass, rows: readonly OutboxRow[]): void {
  const now = pass.ctx.now().getTime();
  for (const row of rows) {
    const queued = pass.queuedAt.get(row.id);
    if (queued !== undefined) outboxWait.observe({ kind: row.kind }, Math.max(0, now - queued) / 1000);
  }
}

/** Delivered; `recovered`: an earlier post of it was found in Slack, so it was not posted again. */
export async function sent(
  pass: Pass,
  row: OutboxRow,
  result: NoticeResult,
  recovered = false,
): Promise<void> {
  await markNoticesSent(pass.ctx.db, { ids: [row.id], at: pass.now, result });
  pass.result.sent += 1;
  if (recovered) pass.result.recovered += 1;
  count([row], recovered ? "already_posted" : "sent");
  observeWait(pass, [row]);
}

/** One message delivered these rows together (an alert summary): one statement for all. */
export async function sentTogether(
  pass: Pass,
  rows: readonly OutboxRow[],
  result: NoticeResult,
): Promise<void> {
  await markNoticesSent(pass.ctx.db, { ids: rows.map((r) => r.id), at: pass.now, result });
  pass.result.sent += rows.length;
  count(rows, "sent");
  observeWait(pass, rows);
}

/** Rows of this pass dropped as stale (settled by the caller's statement): counted as skipped. */
export function countSkipped(pass: Pass, rows: readonly OutboxRow[]): void {
  pass.result.skipped += rows.length;
  count(rows, "skipped");
}

/** A hot post in the channel, carrying these rows (`leadId`: the lead each shows). */
export async function hotPostSent(
  pass: Pass,
  included: readonly { row: OutboxRow; leadId: string | null }[],
  post: { channel: string; ts: string; postedAt: Date; recovered: boolean },
): Promise<void> {
  const leadIds = included.flatMap((i) => (i.leadId ? [i.leadId] : []));
  await recordHotPost(pass.ctx.db, {
    rowIds: included.map((i) => i.row.id),
    leadIds,
    channel: post.channel,
    ts: post.ts,
    postedAt: post.postedAt,
    at: pass.now,
    result: {
      channel: post.channel,
      ts: post.ts,
      leadIds,
      combined: leadIds.length > 1,
      ...(post.recovered ? { recovered: true } : {}),
    },
  });
  pass.result.sent += included.length;
  if (post.recovered) pass.result.recovered += included.length;
  const rows = included.map((i) => i.row);
  count(rows, post.recovered ? "already_posted" : "sent");
  observeWait(pass, rows);
}

export async function fail(pass: Pass, row: OutboxRow, error: string): Promise<void> {
  pass.ctx.logger.warn(
    { outboxId: String(row.id), kind: row.kind, error },
    "outbox message failed permanently",
  );
  await markNoticeFailed(pass.ctx.db, { id: row.id, error });
  pass.result.failed += 1;
  count([row], "failed");
}

export async function skip(pass: Pass, row: OutboxRow, reason: string): Promise<void> {
  await markNoticeSkipped(pass.ctx.db, { id: row.id, reason });
  pass.result.skipped += 1;
  count([row], "skipped");
}

/** Back in the queue without counting an attempt: it was never tried. */
export async function defer(pass: Pass, row: OutboxRow, at: Date, reason?: string): Promise<void> {
  pass.ctx.logger.debug(
    { outboxId: String(row.id), kind: row.kind, at: at.toISOString(), reason },
    "outbox: deferred",
  );
  await deferNotice(pass.ctx.db, { id: row.id, at, reason });
  pass.result.deferred += 1;
  pass.result.wakeAt = Math.min(pass.result.wakeAt ?? Number.POSITIVE_INFINITY, at.getTime());
}

/** Rows never tried, back in the queue until their instants, in one statement. */
export async function deferAll(pass: Pass, rows: readonly { row: OutboxRow; at: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await deferNotices(
    pass.ctx.db,
    rows.map((r) => ({ id: r.row.id, at: r.at })),
  );
  pass.result.deferred += rows.length;
  for (const { at } of rows)
    pass.result.wakeAt = Math.min(pass.result.wakeAt ?? Number.POSITIVE_INFINITY, at.getTime());
}

/** A try that failed: the row is due again at `at`; `result` replaces its mark when given. */
export async function reschedule(
  pass: Pass,
  row: OutboxRow,
  at: Date,
  reason: string,
  result?: NoticeResult,
): Promise<void> {
  pass.ctx.logger.debug(
    { outboxId: String(row.id), kind: row.kind, at: at.toISOString(), reason },
    "outbox: rescheduled",
  );
  await rescheduleNotice(pass.ctx.db, { id: row.id, at, reason, result });
  pass.result.retried += 1;
  count([row], "retried");
}

export async function backoff(
  pass: Pass,
  row: OutboxRow,
  reason: string,
  result?: NoticeResult,
): Promise<void> {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(row.attempts, 20));
  // Jitter spreads the retries of many instances (and many rows) after an outage.
  const delay = Math.round(exp / 2 + (exp / 2) * pass.random());
  await reschedule(pass, row, new Date(pass.now.getTime() + delay), reason, result);
}

/** Our own failure (render bug, database hiccup): retried a few times, then failed for a human to see. */
export async function retry(pass: Pass, row: OutboxRow, err: unknown): Promise<void> {
  const message = err instanceof Error ? err.message : String(err);
  pass.ctx.logger.error({ err, outboxId: String(row.id), kind: row.kind }, "outbox delivery failed");
  if (row.attempts + 1 >= MAX_INTERNAL_ATTEMPTS) await fail(pass, row, `internal: ${message}`);
  else await backoff(pass, row, `internal: ${message}`);
}
