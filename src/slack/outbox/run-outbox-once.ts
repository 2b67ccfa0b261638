// Durable Slack delivery. Domain code writes notices into OutboxMessage inside its own
// transaction; a pass of this worker claims the due rows, renders each from the CURRENT data and
// delivers it. All state lives in the table, so a restart resumes where the last process stopped
// and several instances share the work:
// - claiming (store/outbox/claim-due-notices.ts) marks rows `sending` with a lease: no two
//   instances take the same row, and a row whose instance died mid-send is due again when the
//   lease runs out;
// - pacing.ts: a token bucket per channel (short bursts, then about one message per second);
//   rows that would exceed it wait, the most urgent kinds first (core/outbox/priority.ts);
// - handle-slack-error.ts: what a 429, a 5xx, a network or a permanent error does to a row;
// - send-hot-group.ts: several hot_lead_post rows for one channel go out as one message;
//   send-alerts.ts: threshold alerts of a busy channel as one summary, stale ones dropped;
//   send-thread-replies.ts: several explanations for one lead's thread, as one reply;
//   send-notice.ts: every other notice;
// - recover-posted.ts: exactly once, where Slack's history can be read.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../context.ts";
import { byPriority, kindsByPriority, priorityOf } from "../../core/outbox/priority.ts";
import { claimDueNotices } from "../../store/outbox/claim-due-notices.ts";
import { hotChannel } from "../render/hot-lead-post.ts";
import type { OutboxRow } from "../render/types.ts";
import { pacingOf } from "./pacing.ts";
import { LEASE_MS, type OutboxRunResult, type Pass } from "./pass.ts";
import { sendAlerts } from "./send-alerts.ts";
import { sendHotGroup } from "./send-hot-group.ts";
import { sendNotice } from "./send-notice.ts";
import { sendThreadReplies } from "./send-thread-replies.ts";
import { deferAll, fail } from "./settle-row.ts";

export type { OutboxRunResult } from "./pass.ts";

/**
 * Hot-lead posts claimed per pass on top of `limit` other rows: more than fit in one combined
 * message (50 blocks), so a pass whose channel has a token posts as many as it can.
 */
const HOT_CLAIM = 25;
const KINDS = kindsByPriority();

export interface RunOptions {
  /** Rows claimed per pass, besides the hot posts. */
  limit?: number;
  /** Jitter source (tests pass a fixed one). */
  random?: () => number;
  /**
   * True when new notices were written since the pass began: the rows it has not reached yet go
   * back to the queue and the pass ends, so the next one takes a new hot post first instead of
   * the post waiting behind this pass's alerts and replies.
   */
  interrupted?: () => boolean;
}

/** One pass: claim the due rows, deliver what may go now, reschedule the rest. */
export async function runOutboxOnce(
  ctx: AppContext,
  client: WebClient,
  options: RunOptions = {},
): Promise<OutboxRunResult> {
  const now = ctx.now();
  const rows = await claimDueNotices(ctx.db, {
    now,
    leaseMs: LEASE_MS,
    limit: options.limit ?? 50,
    hotLimit: HOT_CLAIM,
    kindsByPriority: KINDS,
  });
  const result: OutboxRunResult = {
    claimed: rows.length,
    sent: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
    deferred: 0,
    recovered: 0,
  };
  if (rows.length === 0) return result;
  ctx.logger.debug(
    {
      outboxIds: rows.map((r) => String(r.id)),
      leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
    },
    "outbox: claimed",
  );
  const pass: Pass = {
    ctx,
    client,
    now,
    pacing: pacingOf(ctx),
    result,
    random: options.random ?? Math.random,
    unknown: new Map(rows.flatMap((r) => (r.unknownSince === null ? [] : [[r.id, r.unknownSince] as const]))),
    updated: new Set(),
    queuedAt: new Map(rows.map((r) => [r.id, r.createdMs])),
  };

  const hot = new Map<string, OutboxRow[]>();
  const rest: OutboxRow[] = [];
  for (const row of rows) {
    if (row.kind !== "hot_lead_post") {
      rest.push(row);
      continue;
    }
    const channel = hotChannel(ctx, row);
    if (!channel) {
      await fail(pass, row, "no hot-leads channel: set channels.hot in leadops.yml");
      continue;
    }
    hot.set(channel, [...(hot.get(channel) ?? []), row]);
  }
  // Hot posts first, then the rest by class: a thread reply waiting for its channel never goes
  // ahead of a DM, an alert or a claim update that came due in the same pass.
  for (const [channel, group] of hot) await sendHotGroup(pass, channel, group);
  await sendRest(pass, rest, options.interrupted);
  return result;
}

/** Every row but the hot posts, most urgent first, until the pass is interrupted. */
async function sendRest(pass: Pass, claimed: OutboxRow[], interrupted?: () => boolean): Promise<void> {
  const now = pass.now;
  // Threshold alerts first go through batching: stale ones dropped, a busy channel's summarised.
  const single = await sendAlerts(
    pass,
    claimed.filter((r) => r.kind === "threshold_alert"),
  );
  const rest = [...claimed.filter((r) => r.kind !== "threshold_alert"), ...single];
  // Rows known to wait for a channel that has no token for them go back unrendered.
  const { go: ordered, held } = pass.pacing.holdBack(byPriority(rest), pass.ctx.now(), priorityOf);
  await deferAll(pass, held);
  const others = ordered.filter((r) => r.kind !== "lead_thread");
  const replies = ordered.filter((r) => r.kind === "lead_thread");
  for (const [i, row] of others.entries()) {
    if (i > 0 && interrupted?.()) {
      await deferAll(
        pass,
        [...others.slice(i), ...replies].map((r) => ({ row: r, at: now })),
      );
      return;
    }
    await sendNotice(pass, row);
  }
  if (others.length > 0 && replies.length > 0 && interrupted?.()) {
    await deferAll(
      pass,
      replies.map((r) => ({ row: r, at: now })),
    );
    return;
  }
  await sendThreadReplies(pass, replies);
}
