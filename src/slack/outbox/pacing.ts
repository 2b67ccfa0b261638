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

export class ChannelPacing {
  private readonly buckets = new Map<string, BucketState>();

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
