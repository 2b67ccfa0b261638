import { describe, expect, it } from "vitest";
import { RateLimiter } from "../../../src/intake/rate-limit.ts";

describe("per-source token bucket", () => {
  it("allows a minute's allowance at once, then refuses with Retry-After until tokens refill", () => {
    const limiter = new RateLimiter();
    const t0 = 1_000_000;
    for (let i = 0; i < 3; i++) expect(limiter.take("typeform", 3, t0)).toEqual({ ok: true });
    expect(limiter.take("typeform", 3, t0)).toEqual({ ok: false, retryAfterSeconds: 20 });
    // Other sources have their own bucket.
    expect(limiter.take("calendly", 3, t0)).toEqual({ ok: true });
    // 3 per minute = one token every 20 s.
    expect(limiter.take("typeform", 3, t0 + 19_000).ok).toBe(false);
    expect(limiter.take("typeform", 3, t0 + 40_000)).toEqual({ ok: true });
  });
});
