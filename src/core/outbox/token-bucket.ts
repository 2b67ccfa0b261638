// Per-channel pacing as a token bucket, pure: Slack takes about one message per second per
// channel and allows short bursts, so a quiet channel may take `burst` messages at once and then
// one per refill interval. A 429 means the channel is busier than we know (another instance, a
// human posting, a stricter limit): the channel waits Retry-After, then runs at half the rate and
// without bursts until a quiet minute has passed, when it is back to the configured pace.
// No I/O and no clock: every function takes `now` (ms) and returns a new state.

export interface BucketConfig {
  /** Messages a quiet channel may take at once. */
  burst: number;
  /** Tokens added per second. */
  perSecond: number;
  /** How long after the last 429 the channel goes back to `burst` and `perSecond`. */
  quietMs: number;
}

export const DEFAULT_BUCKET: BucketConfig = { burst: 3, perSecond: 1, quietMs: 60_000 };

/** Each 429 halves the rate, down to this share of the configured one. */
const MIN_RATE_SHARE = 1 / 8;

export interface BucketState {
  tokens: number;
  /** When `tokens` was last brought up to date (ms). */
  at: number;
  /** The current capacity and rate: the configured ones, or lower after a 429. */
  capacity: number;
  perSecond: number;
  /** Nothing before this (ms): Slack's Retry-After. */
  holdUntil: number;
  /** The last 429 (ms), or null. */
  limitedAt: number | null;
}

/** A channel never seen: a full bucket. */
export function newBucket(config: BucketConfig, now: number): BucketState {
  return {
    tokens: config.burst,
    at: now,
    capacity: config.burst,
    perSecond: config.perSecond,
    holdUntil: 0,
    limitedAt: null,
  };
}

/** The bucket at `now`: refilled for the time passed, and back to full pace after a quiet spell. */
export function refill(state: BucketState, config: BucketConfig, now: number): BucketState {
  let { capacity, perSecond, limitedAt } = state;
  const start = Math.max(state.at, Math.min(now, state.holdUntil));
  const elapsed = Math.max(0, now - start);
  let tokens = state.tokens + (elapsed / 1000) * perSecond;
  if (limitedAt !== null && now - limitedAt >= config.quietMs) {
    capacity = config.burst;
    perSecond = config.perSecond;
    limitedAt = null;
  }
  tokens = Math.min(capacity, tokens);
  return { ...state, tokens, at: Math.max(now, state.at), capacity, perSecond, limitedAt };
}

/**
 * Tokens a message must find in the bucket: one, plus `reserve` left for more urgent messages
 * (never more than the bucket holds, or a slowed bucket would never let the message through).
 */
function needed(state: BucketState, reserve: number): number {
  return Math.max(1, Math.min(state.capacity, 1 + reserve));
}

/**
 * When a message keeping `reserve` tokens for others may go: null if now, else the instant (ms).
 * `state` must be refilled to `now`.
 */
export function readyAt(state: BucketState, now: number, reserve = 0): number | null {
  if (state.holdUntil > now) {
    return state.holdUntil + msFor(needed(state, reserve) - state.tokens, state.perSecond);
  }
  const missing = needed(state, reserve) - state.tokens;
  // A thousandth of a token short is float noise, not a reason to wait a millisecond.
  if (missing <= 1e-6) return null;
  return now + msFor(missing, state.perSecond);
}

function msFor(tokens: number, perSecond: number): number {
  return tokens <= 0 ? 0 : Math.ceil((tokens / perSecond) * 1000);
}

/** A message (or a history lookup) sent at `now`: one token, which may go below zero if forced. */
export function take(state: BucketState, now: number): BucketState {
  return { ...state, tokens: state.tokens - 1, at: Math.max(now, state.at) };
}

/**
 * Slack answered 429 at `now` asking to wait `retryAfterMs`: nothing until then, one message right
 * when the wait is over (the one refused), then no bursts and half the rate (each further 429
 * halves it again) until a quiet spell.
 */
export function limited(
  state: BucketState,
  config: BucketConfig,
  now: number,
  retryAfterMs: number,
): BucketState {
  return {
    tokens: 1,
    at: Math.max(now, state.at),
    capacity: 1,
    perSecond: Math.max(config.perSecond * MIN_RATE_SHARE, state.perSecond / 2),
    holdUntil: Math.max(state.holdUntil, now + retryAfterMs),
    limitedAt: now,
  };
}
