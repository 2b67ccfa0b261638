// When a channel gets more alerts than a person reads, they go out as one summary. Pure: the
// outbox worker (src/slack/outbox/send-alerts.ts) gathers the figures and does what this says.
//
// A quiet channel (at most `batchPerMinute` alerts queued for it in the last minute, and at most
// that many waiting) gets each alert as it comes. A busy one gets summaries, at most one a minute:
// everything waiting goes in the next, which is sent at once when more than `batchPerMinute` wait
// (a burst), else when the oldest waiting alert has waited a minute (a steady stream is gathered).
// A summary that would hold one alert is sent as that alert.

export const ALERT_WINDOW_MS = 60_000;

export interface AlertChannelFigures {
  now: number;
  /** Alerts for the channel queued in the last minute, whatever became of them. */
  recent: number;
  /** Alerts for the channel waiting to go (claimed now or queued), and when the oldest was queued. */
  waiting: number;
  oldestQueuedAt: number;
  /** When the channel's last summary went out, or null. */
  lastSummaryAt: number | null;
  perMinute: number;
}

export type AlertBatchDecision =
  | { action: "each" }
  | { action: "summary" }
  | { action: "wait"; until: number };

export function decideAlertBatch(f: AlertChannelFigures): AlertBatchDecision {
  if (f.recent <= f.perMinute && f.waiting <= f.perMinute) return { action: "each" };
  if (f.lastSummaryAt !== null && f.now < f.lastSummaryAt + ALERT_WINDOW_MS)
    return { action: "wait", until: f.lastSummaryAt + ALERT_WINDOW_MS };
  if (f.waiting > f.perMinute) return { action: "summary" };
  const gathered = f.oldestQueuedAt + ALERT_WINDOW_MS;
  if (f.now < gathered) return { action: "wait", until: gathered };
  return f.waiting > 1 ? { action: "summary" } : { action: "each" };
}

/** An alert queued this long ago is no news any more: dropped, and counted for the managers. */
export function isStaleAlert(queuedAt: number, now: number, staleAfterMinutes: number): boolean {
  return now - queuedAt > staleAfterMinutes * 60_000;
}
