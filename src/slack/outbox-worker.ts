// Durable Slack delivery. Domain code writes notices into OutboxMessage inside its own
// transaction; this worker claims the due rows, renders each from the CURRENT data and delivers
// it. All state lives in the table, so a restart resumes where the last process stopped and
// several instances share the work:
// - claiming is one UPDATE over a `FOR UPDATE SKIP LOCKED` selection that marks rows `sending`
//   with a lease (nextAttemptAt = now + lease): no two instances take the same row, and a row
//   whose instance died mid-send becomes due again when the lease runs out;
// - about one message per second per channel (Slack's posting limit): a channel's next slot is
//   kept per process, and rows that would exceed it wait for that slot;
// - 429: the row (and its channel) wait exactly Retry-After; 5xx and network errors back off
//   exponentially with jitter and never give up (an outage delays, never loses); permanent
//   errors (channel_not_found, invalid_auth …) mark the row failed with the error;
// - several hot_lead_post rows for one channel go out as one combined message.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from "@slack/web-api";
import type { AppContext } from "../context.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { hotChannel, renderHotBatch } from "./render/hot-lead-post.ts";
import { RENDERERS } from "./render/index.ts";
import type { OutboxRow, RenderContext, Rendered } from "./render/types.ts";

/** How long a claimed row belongs to the instance that claimed it. */
export const LEASE_MS = 2 * 60_000;
/** Slack's posting pace per channel. */
export const CHANNEL_INTERVAL_MS = 1_000;
export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_MAX_MS = 10 * 60_000;
/** Errors that are ours (a render bug, bad data), not Slack's, stop after this many tries. */
export const MAX_INTERNAL_ATTEMPTS = 10;

const TRANSIENT_PLATFORM_ERRORS = new Set([
  "internal_error",
  "fatal_error",
  "service_unavailable",
  "request_timeout",
  "ratelimited",
  "team_added_to_org",
]);

export interface OutboxRunResult {
  claimed: number;
  sent: number;
  failed: number;
  skipped: number;
  retried: number;
  /** Rows put back to wait (channel pace, a post not out yet). */
  deferred: number;
}

interface WorkerState {
  /** Channel → earliest time (ms) of its next post. */
  nextSlot: Map<string, number>;
}

// Pacing belongs to one running app; a new context (a restart) starts fresh, as a new process would.
const states = new WeakMap<AppContext, WorkerState>();
function stateOf(ctx: AppContext): WorkerState {
  let s = states.get(ctx);
  if (!s) {
    s = { nextSlot: new Map() };
    states.set(ctx, s);
  }
  return s;
}

export interface RunOptions {
  /** Rows claimed per pass. */
  limit?: number;
  /** Jitter source (tests pass a fixed one). */
  random?: () => number;
}

/** One pass: claim the due rows, deliver what may go now, reschedule the rest. */
export async function runOutboxOnce(
  ctx: AppContext,
  client: WebClient,
  options: RunOptions = {},
): Promise<OutboxRunResult> {
  const now = ctx.now();
  const rows = await claimDue(ctx, now, options.limit ?? 50);
  const result: OutboxRunResult = {
    claimed: rows.length,
    sent: 0,
    failed: 0,
    skipped: 0,
    retried: 0,
    deferred: 0,
  };
  if (rows.length === 0) return result;
  const run = new Pass(ctx, client, now, stateOf(ctx), result, options.random ?? Math.random);

  const hot = new Map<string, OutboxRow[]>();
  const rest: OutboxRow[] = [];
  for (const row of rows) {
    if (row.kind !== "hot_lead_post") {
      rest.push(row);
      continue;
    }
    const channel = hotChannel(ctx, row);
    if (!channel) {
      await run.fail(row, "no hot-leads channel: set channels.hot in leadops.yml");
      continue;
    }
    hot.set(channel, [...(hot.get(channel) ?? []), row]);
  }
  for (const [channel, group] of hot) await run.hotGroup(channel, group);
  for (const row of rest) await run.one(row);
  return result;
}

class Pass {
  /** Posts updated in this pass: a second update of the same post would render the same state. */
  private readonly updated = new Set<string>();

  constructor(
    private readonly ctx: AppContext,
    private readonly client: WebClient,
    private readonly now: Date,
    private readonly state: WorkerState,
    private readonly result: OutboxRunResult,
    private readonly random: () => number,
  ) {}

  private get rc(): RenderContext {
    return { ctx: this.ctx, now: this.now };
  }

  /** The channel's next free slot, or null when it may post now. */
  private slotWait(channel: string): number | null {
    const next = this.state.nextSlot.get(channel) ?? 0;
    return next > this.now.getTime() ? next : null;
  }

  private useSlot(channel: string): void {
    this.state.nextSlot.set(channel, this.now.getTime() + CHANNEL_INTERVAL_MS);
  }

  async hotGroup(channel: string, rows: OutboxRow[]): Promise<void> {
    const wait = this.slotWait(channel);
    if (wait !== null) {
      for (const row of rows) await this.defer(row, new Date(wait));
      return;
    }
    let batch: Awaited<ReturnType<typeof renderHotBatch>>;
    try {
      batch = await renderHotBatch(this.rc, rows);
    } catch (err) {
      for (const row of rows) await this.retry(row, err);
      return;
    }
    for (const s of batch.skipped) await this.skip(s.row, s.reason);
    const nextSlot = new Date(this.now.getTime() + CHANNEL_INTERVAL_MS);
    for (const row of batch.deferred) await this.defer(row, nextSlot);
    if (!batch.message || batch.included.length === 0) return;
    this.useSlot(channel);
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: batch.message.text,
        blocks: batch.message.blocks,
        unfurl_links: false,
        unfurl_media: false,
      });
      const postedChannel = res.channel ?? channel;
      const ts = res.ts;
      if (!ts) throw new Error("chat.postMessage answered without a ts");
      const leadIds = batch.included.map((i) => i.leadId);
      // Recorded so later updates find the post, and a combined post knows all its leads.
      await this.ctx.db.prisma.$transaction(async (tx) => {
        await tx.lead.updateMany({
          where: { id: { in: leadIds } },
          data: { slackChannel: postedChannel, slackTs: ts, postedAt: this.now },
        });
        for (const { row } of batch.included) {
          await tx.outboxMessage.update({
            where: { id: row.id },
            data: {
              status: "sent",
              sentAt: this.now,
              attempts: { increment: 1 },
              lastError: null,
              result: { channel: postedChannel, ts, leadIds, combined: leadIds.length > 1 },
            },
          });
        }
      });
      this.result.sent += batch.included.length;
    } catch (err) {
      for (const { row } of batch.included) await this.handleError(row, channel, err);
    }
  }

  async one(row: OutboxRow): Promise<void> {
    const renderer = RENDERERS[row.kind as keyof typeof RENDERERS];
    if (!renderer) {
      await this.fail(row, `unknown notice kind ${row.kind}`);
      return;
    }
    let rendered: Rendered;
    try {
      rendered = await renderer(this.rc, row);
    } catch (err) {
      await this.retry(row, err);
      return;
    }
    switch (rendered.action) {
      case "skip":
        await this.skip(row, rendered.reason);
        return;
      case "wait":
        await this.defer(row, new Date(this.now.getTime() + rendered.ms), rendered.reason);
        return;
      case "update": {
        const key = `${rendered.channel}:${rendered.ts}`;
        if (this.updated.has(key)) {
          await this.sent(row, { channel: rendered.channel, ts: rendered.ts, coalesced: true });
          return;
        }
        try {
          await this.client.chat.update({
            channel: rendered.channel,
            ts: rendered.ts,
            text: rendered.message.text,
            blocks: rendered.message.blocks,
          });
          this.updated.add(key);
          await this.sent(row, { channel: rendered.channel, ts: rendered.ts });
        } catch (err) {
          await this.handleError(row, rendered.channel, err);
        }
        return;
      }
      case "post": {
        const wait = this.slotWait(rendered.channel);
        if (wait !== null) {
          await this.defer(row, new Date(wait));
          return;
        }
        this.useSlot(rendered.channel);
        try {
          const res = await this.client.chat.postMessage({
            channel: rendered.channel,
            text: rendered.message.text,
            blocks: rendered.message.blocks,
            unfurl_links: false,
            unfurl_media: false,
            ...(rendered.threadTs ? { thread_ts: rendered.threadTs } : {}),
          });
          await this.sent(row, { channel: res.channel ?? rendered.channel, ts: res.ts ?? null });
        } catch (err) {
          await this.handleError(row, rendered.channel, err);
        }
      }
    }
  }

  private async handleError(row: OutboxRow, channel: string, err: unknown): Promise<void> {
    if (err instanceof WebAPIRateLimitedError) {
      const until = this.now.getTime() + Math.max(1, err.retryAfter) * 1000;
      // The whole channel waits, not only this row.
      this.state.nextSlot.set(channel, Math.max(until, this.state.nextSlot.get(channel) ?? 0));
      await this.reschedule(row, new Date(until), `rate limited: retry after ${err.retryAfter}s`, true);
      return;
    }
    if (err instanceof WebAPIPlatformError) {
      const code = err.data.error;
      if (TRANSIENT_PLATFORM_ERRORS.has(code)) await this.backoff(row, `slack error ${code}`);
      else await this.fail(row, code);
      return;
    }
    if (err instanceof WebAPIHTTPError) {
      if (err.statusCode >= 500 || err.statusCode === 408) await this.backoff(row, `HTTP ${err.statusCode}`);
      else await this.fail(row, `HTTP ${err.statusCode}`);
      return;
    }
    if (err instanceof WebAPIRequestError) {
      await this.backoff(row, `network: ${err.original.message}`);
      return;
    }
    await this.retry(row, err);
  }

  /** Our own failure (render bug, database hiccup): retried a few times, then failed for a human to see. */
  private async retry(row: OutboxRow, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.logger.error({ err, outboxId: String(row.id), kind: row.kind }, "outbox delivery failed");
    if (row.attempts + 1 >= MAX_INTERNAL_ATTEMPTS) await this.fail(row, `internal: ${message}`);
    else await this.backoff(row, `internal: ${message}`);
  }

  private async backoff(row: OutboxRow, reason: string): Promise<void> {
    const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(row.attempts, 20));
    // Jitter spreads the retries of many instances (and many rows) after an outage.
    const delay = Math.round(exp / 2 + (exp / 2) * this.random());
    await this.reschedule(row, new Date(this.now.getTime() + delay), reason, true);
  }

  private async reschedule(row: OutboxRow, at: Date, reason: string, counts: boolean): Promise<void> {
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: {
        status: "pending",
        nextAttemptAt: at,
        lastError: reason.slice(0, 1000),
        ...(counts ? { attempts: { increment: 1 } } : {}),
      },
    });
    if (counts) this.result.retried += 1;
    else this.result.deferred += 1;
  }

  /** Back in the queue without counting an attempt: it was never tried. */
  private async defer(row: OutboxRow, at: Date, reason?: string): Promise<void> {
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "pending", nextAttemptAt: at, ...(reason ? { lastError: reason } : {}) },
    });
    this.result.deferred += 1;
  }

  private async sent(row: OutboxRow, result: Prisma.InputJsonObject): Promise<void> {
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "sent", sentAt: this.now, attempts: { increment: 1 }, lastError: null, result },
    });
    this.result.sent += 1;
  }

  async fail(row: OutboxRow, error: string): Promise<void> {
    this.ctx.logger.warn(
      { outboxId: String(row.id), kind: row.kind, error },
      "outbox message failed permanently",
    );
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "failed", attempts: { increment: 1 }, lastError: error.slice(0, 1000) },
    });
    this.result.failed += 1;
  }

  private async skip(row: OutboxRow, reason: string): Promise<void> {
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: { status: "skipped", lastError: reason.slice(0, 1000) },
    });
    this.result.skipped += 1;
  }
}

/**
 * Claims up to `limit` due rows for this instance in one statement. `sending` rows whose lease
 * ran out are due again (their instance stopped mid-send). A row nobody has tried or deferred
 * yet (nextAttemptAt still equal to createdAt, both the database's now() at insert) is due at
 * once: the database's clock and the app's may differ, and a fresh notice must not wait on that. The timestamp columns hold UTC wall
 * time, so the instants are passed as ISO text cast to `timestamp`, independent of the session
 * time zone.
 */
async function claimDue(ctx: AppContext, now: Date, limit: number): Promise<OutboxRow[]> {
  const nowText = now.toISOString();
  const leaseText = new Date(now.getTime() + LEASE_MS).toISOString();
  const rows = await ctx.db.prisma.$queryRaw<
    {
      id: bigint;
      kind: string;
      channel: string | null;
      leadId: string | null;
      payload: unknown;
      attempts: number;
    }[]
  >`
    WITH due AS (
      SELECT id FROM "OutboxMessage"
      WHERE (status IN ('pending', 'sending') AND "nextAttemptAt" <= ${nowText}::timestamp)
         OR (status = 'pending' AND attempts = 0 AND "nextAttemptAt" = "createdAt")
      ORDER BY "nextAttemptAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    )
    UPDATE "OutboxMessage" AS o
    SET status = 'sending', "nextAttemptAt" = ${leaseText}::timestamp
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.kind, o.channel, o."leadId"::text AS "leadId", o.payload, o.attempts`;
  return rows
    .map((r) => ({
      id: BigInt(r.id),
      kind: r.kind,
      channel: r.channel,
      leadId: r.leadId,
      payload: (typeof r.payload === "string" ? JSON.parse(r.payload) : (r.payload ?? {})) as Record<
        string,
        unknown
      >,
      attempts: Number(r.attempts),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

export interface OutboxLoop {
  /** Run a pass soon (after a listener enqueued something). */
  wake(): void;
  stop(): Promise<void>;
}

/** The loop started at boot: a pass whenever woken, and at least every `intervalMs`. */
export function startOutboxLoop(
  ctx: AppContext,
  client: WebClient,
  opts: { intervalMs?: number } = {},
): OutboxLoop {
  const interval = opts.intervalMs ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        let busy = true;
        while (busy && !stopped) {
          again = false;
          const r = await runOutboxOnce(ctx, client);
          // Keep going while a pass still found work it could do; paced rows wait for the timer.
          busy = r.sent + r.failed + r.skipped > 0 || again;
        }
      } catch (err) {
        ctx.logger.error({ err }, "outbox pass failed");
      } finally {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, interval);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    wake() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
