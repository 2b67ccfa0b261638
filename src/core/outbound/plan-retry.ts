// When a failed delivery is tried again: exponential backoff with full jitter, a receiver's
// Retry-After honoured, and a dead letter once the 24-hour budget is spent.

export const RETRY_BUDGET_MS = 24 * 60 * 60 * 1000;
const FIRST_DELAY_MS = 10_000;
const MAX_DELAY_MS = 60 * 60 * 1000;

/**
 * The delay before try `attempts + 1`: up to 10 s × 2^(attempts − 1), capped at an hour; `random`
 * in [0, 1) spreads retries so a receiver coming back is not hit by every row at once. Half the
 * window is kept so a retry never comes at once.
 */
export function backoffMs(attempts: number, random: number): number {
  const window = Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(window / 2 + (window / 2) * random);
}

export type RetryPlan = { retryAt: Date } | { dead: true };

/**
 * After a failed try (`attempts` counts it): the next time, or dead when that time would be past
 * the budget counted from `queuedAt`. A Retry-After longer than the backoff wins.
 */
export function planRetry(input: {
  attempts: number;
  queuedAt: Date;
  now: Date;
  retryAfterMs?: number | undefined;
  random: number;
}): RetryPlan {
  const delay = Math.max(backoffMs(input.attempts, input.random), input.retryAfterMs ?? 0);
  const at = input.now.getTime() + delay;
  if (at > input.queuedAt.getTime() + RETRY_BUDGET_MS) return { dead: true };
  return { retryAt: new Date(at) };
}

/** Retry-After as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
