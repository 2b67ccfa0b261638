// A token bucket per source, in this process only: with N instances behind a load balancer a
// source may send up to N × its limit. That is enough to stop one misbehaving sender from
// starving the others without a shared store; the limit is `sources.<name>.rateLimitPerMinute`.

export const DEFAULT_RATE_LIMIT_PER_MINUTE = 600;

export type Take = { ok: true } | { ok: false; retryAfterSeconds: number };

interface Bucket {
  tokens: number;
  updatedMs: number;
  perMinute: number;
}

export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  /** Takes one token from `key`'s bucket (capacity = one minute's allowance, refilled continuously). */
  take(key: string, perMinute: number, nowMs: number): Take {
    let bucket = this.buckets.get(key);
    if (!bucket || bucket.perMinute !== perMinute) {
      bucket = { tokens: perMinute, updatedMs: nowMs, perMinute };
      this.buckets.set(key, bucket);
    }
    const perMs = perMinute / 60_000;
    bucket.tokens = Math.min(perMinute, bucket.tokens + Math.max(0, nowMs - bucket.updatedMs) * perMs);
    bucket.updatedMs = nowMs;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return { ok: true };
    }
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((1 - bucket.tokens) / perMs / 1000)) };
  }
}
