// What this process remembers of each channel's alerts over the last minute: how many went out
// one by one and when the last summary did. Per process, like the token buckets (pacing.ts): a
// restart forgets it, which at worst lets a few more alerts go out singly; several instances each
// keep their own (README, "Slack").
import type { AppContext } from "../../context.ts";
import { ALERT_WINDOW_MS } from "../../core/alerts/decide-alert-batch.ts";

export class AlertWindow {
  private readonly singles = new Map<string, number[]>();
  private readonly summaries = new Map<string, number>();

  /** Alerts sent one by one to the channel in the minute before `now`. */
  recentSingles(channel: string, now: number): number {
    const kept = (this.singles.get(channel) ?? []).filter((t) => t > now - ALERT_WINDOW_MS);
    this.singles.set(channel, kept);
    return kept.length;
  }

  noteSingles(channel: string, n: number, now: number): void {
    const list = this.singles.get(channel) ?? [];
    for (let i = 0; i < n; i++) list.push(now);
    this.singles.set(channel, list);
  }

  lastSummaryAt(channel: string): number | null {
    return this.summaries.get(channel) ?? null;
  }

  noteSummary(channel: string, now: number): void {
    this.summaries.set(channel, now);
  }
}

const windows = new WeakMap<AppContext, AlertWindow>();

export function alertWindowOf(ctx: AppContext): AlertWindow {
  let w = windows.get(ctx);
  if (!w) {
    w = new AlertWindow();
    windows.set(ctx, w);
  }
  return w;
}
