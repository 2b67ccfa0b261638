// Each channel's pace, as a token bucket (src/core/outbox/token-bucket.ts): `slack.burst`
// messages at once, then `slack.perSecond`, slower for a minute after a 429. Kept per process:
// pacing belongs to one running app, and a new context (a restart) starts with full buckets, as
// a new process would. Several instances each keep their own (README, "Slack").
import type { AppContext } from "../../context.ts";
import { type Priority, reserveFor } from "../../core/outbox/priority.ts";
import {
  type BucketConfig,
  type BucketState,
  DEFAULT_BUCKET,
  limited,
  newBucket,
  readyAt,
  refill,
  take,
} from "../../core/outbox/token-bucket.ts";

/** Rows remembered as waiting for a channel; past this the memory starts over (it is only a shortcut). */
const MAX_WAITING = 20_000;

export class ChannelPacing {
  private readonly buckets = new Map<string, BucketState>();
  /**
   * Row id → the channel it waits for, learnt when it was rendered and had to wait: claimed
   * again while its channel still has no token for it, it goes back without being rendered
   * (a render reads the database; a backlog of replies was re-rendered every second).
   */
  private readonly waiting = new Map<bigint, string>();

  /** The row had to wait for `channel`. */
  rememberWaiting(rowId: bigint, channel: string): void {
    if (this.waiting.size >= MAX_WAITING) this.waiting.clear();
    this.waiting.set(rowId, channel);
  }

  /**
   * Splits claimed rows (most urgent first) into those to render and send now and those known to
   * wait for their channel, with the instant each may be claimed again. Of the rows waiting for
   * one channel, one at most goes on (if the channel has a token for it) and the others are
   * spread one refill interval apart: all put back to the same instant, they all came due, were
   * all rendered and all but one put back again, every second. A lead's explanations stay
   * together, so that they come due together and go out as one reply (send-thread-replies.ts).
   */
  holdBack<R extends { id: bigint; kind: string; leadId: string | null }>(
    rows: readonly R[],
    now: Date,
    priorityOf: (kind: string) => Priority,
  ): { go: R[]; held: { row: R; at: Date }[] } {
    const go: R[] = [];
    const held: { row: R; at: Date }[] = [];
    const seen = new Map<string, number>();
    const threads = new Map<string, Date | null>();
    const interval = 1000 / this.config.perSecond;
    const thread = (row: R) => (row.kind === "lead_thread" && row.leadId ? row.leadId : null);
    for (const row of rows) {
      const lead = thread(row);
      const channel = this.waiting.get(row.id);
      const together = lead === null ? undefined : threads.get(lead);
      if (together !== undefined || channel === undefined) {
        if (together) held.push({ row, at: together });
        else {
          if (channel !== undefined) this.waiting.delete(row.id);
          go.push(row);
          if (lead !== null) threads.set(lead, null);
        }
        continue;
      }
      const j = seen.get(channel) ?? 0;
      seen.set(channel, j + 1);
      const wait = this.waitFor(channel, now, priorityOf(row.kind));
      if (wait === null && j === 0) {
        this.waiting.delete(row.id);
        go.push(row);
        if (lead !== null) threads.set(lead, null);
      } else {
        const at = new Date(Math.max(wait ?? 0, now.getTime()) + j * interval);
        held.push({ row, at });
        if (lead !== null) threads.set(lead, at);
      }
    }
    return { go, held };
  }

  constructor(private readonly config: BucketConfig = DEFAULT_BUCKET) {}

  private at(channel: string, now: number): BucketState {
    const state = this.buckets.get(channel);
    const current = state ? refill(state, this.config, now) : newBucket(this.config, now);
    this.buckets.set(channel, current);
    return current;
  }

  /**
   * When a message of this class may go to the channel (ms), or null when it may go at `now`.
   * Classes below hot posts leave a token for them.
   */
  waitFor(channel: string, now: Date, priority: Priority = 0): number | null {
    const t = now.getTime();
    return readyAt(this.at(channel, t), t, reserveFor(priority));
  }

  /** A call to the channel at `now` takes a token. */
  take(channel: string, now: Date): void {
    const t = now.getTime();
    this.buckets.set(channel, take(this.at(channel, t), t));
  }

  /** Slack said wait: the whole channel waits until `until` (ms), then goes slower for a while. */
  holdUntil(channel: string, until: number, now: Date): void {
    const t = now.getTime();
    this.buckets.set(channel, limited(this.at(channel, t), this.config, t, Math.max(0, until - t)));
  }
}

const pacings = new WeakMap<AppContext, ChannelPacing>();

export function pacingOf(ctx: AppContext): ChannelPacing {
  let pacing = pacings.get(ctx);
  if (!pacing) {
    const { burst, perSecond } = ctx.rules.slack;
    pacing = new ChannelPacing({ ...DEFAULT_BUCKET, burst, perSecond });
    pacings.set(ctx, pacing);
  }
  return pacing;
}
