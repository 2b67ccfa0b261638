// Slack takes about one message per second per channel, and after a 429 nothing until
// Retry-After. The next free slot of each channel is kept per process: pacing belongs to one
// running app, and a new context (a restart) starts fresh, as a new process would.
import type { AppContext } from "../../context.ts";

/** Slack's posting pace per channel. */
export const CHANNEL_INTERVAL_MS = 1_000;

export class ChannelPacing {
  /** Channel → earliest time (ms) of its next call. */
  private readonly nextSlot = new Map<string, number>();

  /** The channel's next free slot (ms), or null when it may be called at `now`. */
  waitFor(channel: string, now: Date): number | null {
    const next = this.nextSlot.get(channel) ?? 0;
    return next > now.getTime() ? next : null;
  }

  /** A call to the channel at `now`: the next one waits a full interval. */
  take(channel: string, now: Date): void {
    this.nextSlot.set(channel, now.getTime() + CHANNEL_INTERVAL_MS);
  }

  /** Slack said wait: the whole channel waits until `until` (ms), not only the row refused. */
  holdUntil(channel: string, until: number): void {
    this.nextSlot.set(channel, Math.max(until, this.nextSlot.get(channel) ?? 0));
  }
}

const pacings = new WeakMap<AppContext, ChannelPacing>();

export function pacingOf(ctx: AppContext): ChannelPacing {
  let pacing = pacings.get(ctx);
  if (!pacing) {
    pacing = new ChannelPacing();
    pacings.set(ctx, pacing);
  }
  return pacing;
}
