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
// - several hot_lead_post rows for one channel go out as one combined message;
// - exactly once: every post carries its row ids in message metadata. A row whose last post may
//   have reached Slack without the app hearing back (claimed again after its lease ran out, or
//   a post that timed out or got a 5xx) is marked in `result.unknownSince`; before posting it,
//   the worker looks for its message in the conversation (outbox-recovery.ts) and, if it is
//   there, records that ts instead of posting again. Where history cannot be read (a scope
//   missing, the bot not in the channel) it posts again, as before: at least once, logged.
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
  type WebClient,
} from "@slack/web-api";
import type { AppContext } from "../context.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { findPosted, outboxMetadata, type PostTarget, tsToDate } from "./outbox-recovery.ts";
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
  /** Of `sent`: rows whose earlier post was found in Slack, so not posted again. */
  recovered: number;
}

interface WorkerState {
  /** Channel → earliest time (ms) of its next post. */
  nextSlot: Map<string, number>;
  /** Why history could not be read, per channel, already logged (once per process is enough). */
  warned: Set<string>;
}

// Pacing belongs to one running app; a new context (a restart) starts fresh, as a new process would.
const states = new WeakMap<AppContext, WorkerState>();
function stateOf(ctx: AppContext): WorkerState {
  let s = states.get(ctx);
  if (!s) {
    s = { nextSlot: new Map(), warned: new Set() };
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
  if (rows.length > 0) {
    ctx.logger.debug(
      {
        outboxIds: rows.map((r) => String(r.id)),
        leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(),
      },
      "outbox: claimed",
    );
  }
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
  const run = new Pass(ctx, client, now, stateOf(ctx), result, options.random ?? Math.random);
  for (const row of rows) if (row.unknownSince !== null) run.unknown.set(row.id, row.unknownSince);

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

/** A claimed row: what renderers see, plus when its outcome became unknown (ms), if it did. */
type ClaimedRow = OutboxRow & { unknownSince: number | null };

class Pass {
  /** Posts updated in this pass: a second update of the same post would render the same state. */
  private readonly updated = new Set<string>();
  /** Row id → since when (ms) a post of it may be in Slack without the app knowing. */
  readonly unknown = new Map<bigint, number>();

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

  /**
   * True when this pass has run so long that its lease is half gone: another instance may claim
   * these rows when it runs out, so the rest go back to the queue rather than being sent late.
   */
  private leaseRunningOut(): boolean {
    return this.ctx.now().getTime() - this.now.getTime() > LEASE_MS / 2;
  }

  async hotGroup(channel: string, claimed: OutboxRow[]): Promise<void> {
    // The channel's slot first: while it waits (a 429), no call at all, not even a lookup.
    const wait = this.slotWait(channel);
    if (wait !== null) {
      for (const row of claimed) await this.defer(row, new Date(wait));
      return;
    }
    const rows = await this.recoverHot(channel, claimed);
    if (rows.length === 0) return;
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
    if (this.leaseRunningOut()) {
      for (const { row } of batch.included) await this.defer(row, this.now);
      return;
    }
    this.useSlot(channel);
    try {
      const res = await this.client.chat.postMessage({
        channel,
        text: batch.message.text,
        blocks: batch.message.blocks,
        unfurl_links: false,
        unfurl_media: false,
        metadata: outboxMetadata(batch.included.map((i) => i.row.id)),
      });
      const ts = res.ts;
      if (!ts) throw new Error("chat.postMessage answered without a ts");
      await this.recordHotPost(
        batch.included.map((i) => ({ row: i.row, leadId: i.leadId })),
        res.channel ?? channel,
        ts,
        this.now,
      );
    } catch (err) {
      for (const { row } of batch.included) await this.handleError(row, channel, err, true);
    }
  }

  /** Records a hot post on its leads (later updates and thread replies find it) and its rows. */
  private async recordHotPost(
    included: { row: OutboxRow; leadId: string | null }[],
    channel: string,
    ts: string,
    postedAt: Date,
    recovered = false,
  ): Promise<void> {
    const leadIds = included.flatMap((i) => (i.leadId ? [i.leadId] : []));
    await this.ctx.db.modelTransaction(async (tx) => {
      await tx.prisma.lead.updateMany({
        where: { id: { in: leadIds } },
        data: { slackChannel: channel, slackTs: ts, postedAt },
      });
      for (const { row } of included) {
        await tx.prisma.outboxMessage.update({
          where: { id: row.id },
          data: {
            status: "sent",
            sentAt: this.now,
            attempts: { increment: 1 },
            lastError: null,
            result: {
              channel,
              ts,
              leadIds,
              combined: leadIds.length > 1,
              ...(recovered ? { recovered: true } : {}),
            },
          },
        });
      }
    });
    this.result.sent += included.length;
    if (recovered) this.result.recovered += included.length;
  }

  /**
   * The hot rows whose last post may be in the channel are looked up first; those found are
   * recorded as sent. Returns the rows still to post.
   */
  private async recoverHot(channel: string, rows: OutboxRow[]): Promise<OutboxRow[]> {
    const unsure = rows.filter((r) => this.unknown.has(r.id));
    if (unsure.length === 0) return rows;
    // The lookup takes the channel's slot as a post would: rows that come due within the second
    // wait for the next slot and go out together, instead of each making its own call (after an
    // outage, separate calls would each be refused and each push its backoff further).
    this.useSlot(channel);
    // A failed lookup fails the group's try, as a failed post did: the group stays together and
    // no post follows a call Slack just refused (during an outage that would double the calls).
    const found = await this.lookup(unsure, { channel }, rows);
    if (found === null) return [];
    const byTs = new Map<string, { channel: string; rows: { row: OutboxRow; leadId: string | null }[] }>();
    for (const row of unsure) {
      const hit = found.get(String(row.id));
      if (!hit) continue;
      const leadId = row.leadId ?? (typeof row.payload.leadId === "string" ? row.payload.leadId : null);
      const entry = byTs.get(hit.ts) ?? { channel: hit.channel, rows: [] };
      entry.rows.push({ row, leadId });
      byTs.set(hit.ts, entry);
    }
    for (const [ts, entry] of byTs) {
      this.ctx.logger.info(
        { channel: entry.channel, ts, outboxIds: entry.rows.map((r) => String(r.row.id)) },
        "outbox: post found in Slack, not sent again",
      );
      await this.recordHotPost(entry.rows, entry.channel, ts, tsToDate(ts), true);
    }
    return rows.filter((r) => !found.has(String(r.id)));
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
        // chat.update sets the same content again: repeating it is harmless, no lookup needed.
        const key = `${rendered.channel}:${rendered.ts}`;
        if (this.updated.has(key)) {
          await this.sent(row, { channel: rendered.channel, ts: rendered.ts, coalesced: true });
          return;
        }
        if (this.leaseRunningOut()) {
          await this.defer(row, this.now);
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
          await this.handleError(row, rendered.channel, err, false);
        }
        return;
      }
      case "post": {
        const wait = this.slotWait(rendered.channel);
        if (wait !== null) {
          await this.defer(row, new Date(wait));
          return;
        }
        if (this.unknown.has(row.id)) {
          this.useSlot(rendered.channel);
          const found = await this.lookup([row], { channel: rendered.channel, threadTs: rendered.threadTs }, [
            row,
          ]);
          if (found === null) return;
          const hit = found.get(String(row.id));
          if (hit) {
            this.ctx.logger.info(
              { channel: hit.channel, ts: hit.ts, outboxId: String(row.id), kind: row.kind },
              "outbox: post found in Slack, not sent again",
            );
            await this.sent(row, { channel: hit.channel, ts: hit.ts, recovered: true });
            this.result.recovered += 1;
            return;
          }
        }
        if (this.leaseRunningOut()) {
          await this.defer(row, this.now);
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
            metadata: outboxMetadata([row.id]),
            ...(rendered.threadTs ? { thread_ts: rendered.threadTs } : {}),
          });
          await this.sent(row, { channel: res.channel ?? rendered.channel, ts: res.ts ?? null });
        } catch (err) {
          await this.handleError(row, rendered.channel, err, true);
        }
      }
    }
  }

  /**
   * Looks in Slack for earlier posts of these rows. Returns row id → where the message is (rows
   * absent were not found, or history could not be read: post them), or null when Slack did not
   * answer now and the rows of this try (`tryRows`) were rescheduled (posting without knowing
   * could send twice).
   */
  private async lookup(
    rows: OutboxRow[],
    target: PostTarget,
    tryRows: OutboxRow[],
  ): Promise<Map<string, { channel: string; ts: string }> | null> {
    const since = Math.min(...rows.map((r) => this.unknown.get(r.id) ?? this.now.getTime()));
    const ids = new Set(rows.map((r) => String(r.id)));
    let posts: Map<string, { channel: string; ts: string }>;
    try {
      const found = await findPosted(this.client, target, ids, since);
      posts = found.posts;
      if (found.truncated && posts.size < ids.size)
        this.warnOnce(target.channel, "too many messages since the attempt to search them all");
    } catch (err) {
      const reason = historyUnavailable(err);
      if (reason === null) {
        for (const row of tryRows) await this.lookupFailed(row, target.channel, err);
        return null;
      }
      this.warnOnce(target.channel, reason);
      posts = new Map();
    }
    // Not in Slack now, and this instance holds the rows: the post about to be made is the only
    // one that can be out there, and a crash or error during it marks the row again.
    const absent = rows.filter((r) => !posts.has(String(r.id)));
    if (absent.length > 0) {
      await this.ctx.db.prisma.outboxMessage.updateMany({
        where: { id: { in: absent.map((r) => r.id) } },
        data: { result: Prisma.DbNull },
      });
      for (const row of absent) this.unknown.delete(row.id);
    }
    return posts;
  }

  private warnOnce(channel: string, reason: string): void {
    const key = `${channel}:${reason}`;
    if (this.state.warned.has(key)) return;
    this.state.warned.add(key);
    this.ctx.logger.warn(
      { channel, reason },
      "outbox: cannot check Slack for an earlier post of a notice, posting it again (it may show twice); see docs/reliability.md, finding 1",
    );
  }

  /** History did not answer now: the row waits (no post), keeping its mark. */
  private async lookupFailed(row: OutboxRow, channel: string, err: unknown): Promise<void> {
    if (err instanceof WebAPIRateLimitedError) {
      // History has its own rate limit, but the channel waits too, as after a refused post: the
      // rows of one channel stay on one schedule instead of each trying on its own.
      const until = this.now.getTime() + Math.max(1, err.retryAfter) * 1000;
      this.state.nextSlot.set(channel, Math.max(until, this.state.nextSlot.get(channel) ?? 0));
      await this.reschedule(
        row,
        new Date(until),
        `history rate limited: retry after ${err.retryAfter}s`,
        true,
      );
      return;
    }
    if (
      err instanceof WebAPIPlatformError ||
      err instanceof WebAPIHTTPError ||
      err instanceof WebAPIRequestError
    ) {
      await this.backoff(row, `history: ${describeError(err)}`);
      return;
    }
    await this.retry(row, err);
  }

  /**
   * `post`: the failed call was a chat.postMessage, so an error after which Slack may still have
   * posted it (no answer, a 5xx) marks the row for a lookup before the next try.
   */
  private async handleError(row: OutboxRow, channel: string, err: unknown, post: boolean): Promise<void> {
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
      if (err.statusCode >= 500 || err.statusCode === 408)
        await this.backoff(row, `HTTP ${err.statusCode}`, post ? this.markUnknown(row) : undefined);
      else await this.fail(row, `HTTP ${err.statusCode}`);
      return;
    }
    if (err instanceof WebAPIRequestError) {
      await this.backoff(row, `network: ${err.original.message}`, post ? this.markUnknown(row) : undefined);
      return;
    }
    await this.retry(row, err);
  }

  /** The mark of a post whose outcome is unknown since this pass (or earlier, if already marked). */
  private markUnknown(row: OutboxRow): Prisma.InputJsonObject {
    const since = Math.min(this.unknown.get(row.id) ?? this.now.getTime(), this.now.getTime());
    return { unknownSince: since };
  }

  /** Our own failure (render bug, database hiccup): retried a few times, then failed for a human to see. */
  private async retry(row: OutboxRow, err: unknown): Promise<void> {
    const message = err instanceof Error ? err.message : String(err);
    this.ctx.logger.error({ err, outboxId: String(row.id), kind: row.kind }, "outbox delivery failed");
    if (row.attempts + 1 >= MAX_INTERNAL_ATTEMPTS) await this.fail(row, `internal: ${message}`);
    else await this.backoff(row, `internal: ${message}`);
  }

  private async backoff(row: OutboxRow, reason: string, result?: Prisma.InputJsonObject): Promise<void> {
    const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.min(row.attempts, 20));
    // Jitter spreads the retries of many instances (and many rows) after an outage.
    const delay = Math.round(exp / 2 + (exp / 2) * this.random());
    await this.reschedule(row, new Date(this.now.getTime() + delay), reason, true, result);
  }

  private async reschedule(
    row: OutboxRow,
    at: Date,
    reason: string,
    counts: boolean,
    result?: Prisma.InputJsonObject,
  ): Promise<void> {
    this.ctx.logger.debug(
      { outboxId: String(row.id), kind: row.kind, at: at.toISOString(), reason },
      "outbox: rescheduled",
    );
    await this.ctx.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: {
        status: "pending",
        nextAttemptAt: at,
        lastError: reason.slice(0, 1000),
        ...(counts ? { attempts: { increment: 1 } } : {}),
        ...(result ? { result } : {}),
      },
    });
    if (counts) this.result.retried += 1;
    else this.result.deferred += 1;
  }

  /** Back in the queue without counting an attempt: it was never tried. */
  private async defer(row: OutboxRow, at: Date, reason?: string): Promise<void> {
    this.ctx.logger.debug(
      { outboxId: String(row.id), kind: row.kind, at: at.toISOString(), reason },
      "outbox: deferred",
    );
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
 * Why history cannot be read, when no retry will change it (a scope missing, the bot not in the
 * channel, a conversation that is not there …); null for errors worth waiting out.
 */
function historyUnavailable(err: unknown): string | null {
  if (err instanceof WebAPIRateLimitedError) return null;
  if (err instanceof WebAPIPlatformError)
    return TRANSIENT_PLATFORM_ERRORS.has(err.data.error) ? null : err.data.error;
  if (err instanceof WebAPIHTTPError)
    return err.statusCode >= 500 || err.statusCode === 408 ? null : `HTTP ${err.statusCode}`;
  return null;
}

function describeError(err: WebAPIPlatformError | WebAPIHTTPError | WebAPIRequestError): string {
  if (err instanceof WebAPIPlatformError) return `slack error ${err.data.error}`;
  if (err instanceof WebAPIHTTPError) return `HTTP ${err.statusCode}`;
  return `network: ${err.original.message}`;
}

/**
 * Hot-lead posts claimed per pass on top of `limit` other rows: more than fit in one combined
 * message (50 blocks), so a pass whose channel slot is free posts as many as it can.
 */
const HOT_CLAIM = 25;

/**
 * Claims up to `limit` due rows for this instance in one statement, and up to HOT_CLAIM due hot
 * posts besides. Hot posts are taken apart from the rest: taken by age together, the thread
 * replies queued behind their own posts (deferred each second until the post is out) filled most
 * of each pass, hot posts came one or two per pass and went out one message per lead, a channel
 * slot apart, and 100 hot leads took two minutes after a restart (docs/reliability.md, finding
 * 7); taken apart they go out together and a flood of them cannot crowd out the other notices.
 *
 * `sending` rows whose lease ran out are due again (their instance stopped mid-send). A row
 * nobody has tried or deferred yet (nextAttemptAt still equal to createdAt, both the database's
 * now() at insert) is due at once: the database's clock and the app's may differ, and a fresh
 * notice must not wait on that. The timestamp columns hold UTC wall time, so the instants are
 * passed as ISO text cast to `timestamp`, independent of the session time zone.
 *
 * A row taken back from `sending` may have been posted by the instance that died: the same
 * statement marks it `result.unknownSince` = when that attempt was claimed (its lease's end less
 * LEASE_MS, never before the row was created), keeping an earlier mark, so even a crash during
 * the lookup that follows leaves the mark in place. (EXTRACT(EPOCH) of a `timestamp` counts it as
 * UTC, which these columns hold.)
 */
async function claimDue(ctx: AppContext, now: Date, limit: number): Promise<ClaimedRow[]> {
  const nowText = now.toISOString();
  const leaseText = new Date(now.getTime() + LEASE_MS).toISOString();
  const leaseInterval = `${LEASE_MS} milliseconds`;
  const due = Prisma.sql`(
    (status IN ('pending', 'sending') AND "nextAttemptAt" <= ${nowText}::timestamp)
    OR (status = 'pending' AND attempts = 0 AND "nextAttemptAt" = "createdAt"))`;
  const rows = await ctx.db.prisma.$queryRaw<
    {
      id: bigint;
      kind: string;
      channel: string | null;
      leadId: string | null;
      payload: unknown;
      attempts: number;
      unknownSince: number | string | null;
    }[]
  >`
    WITH hot AS (
      SELECT id, status AS "prevStatus", "nextAttemptAt" AS "prevNext" FROM "OutboxMessage"
      WHERE kind = 'hot_lead_post' AND ${due}
      ORDER BY "nextAttemptAt", id
      LIMIT ${HOT_CLAIM}
      FOR UPDATE SKIP LOCKED
    ), rest AS (
      SELECT id, status AS "prevStatus", "nextAttemptAt" AS "prevNext" FROM "OutboxMessage"
      WHERE kind <> 'hot_lead_post' AND ${due}
      ORDER BY "nextAttemptAt", id
      LIMIT ${limit}
      FOR UPDATE SKIP LOCKED
    ), due AS (SELECT * FROM hot UNION ALL SELECT * FROM rest)
    UPDATE "OutboxMessage" AS o
    SET status = 'sending', "nextAttemptAt" = ${leaseText}::timestamp,
      result = CASE
        WHEN due."prevStatus" = 'sending' AND o.result -> 'unknownSince' IS NULL
        THEN jsonb_build_object('unknownSince', floor(extract(epoch FROM
          GREATEST(o."createdAt", due."prevNext" - ${leaseInterval}::interval)) * 1000))
        ELSE o.result END
    FROM due WHERE o.id = due.id
    RETURNING o.id, o.kind, o.channel, o."leadId"::text AS "leadId", o.payload, o.attempts,
      (o.result ->> 'unknownSince')::float8 AS "unknownSince"`;
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
      unknownSince: r.unknownSince === null ? null : Number(r.unknownSince),
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
