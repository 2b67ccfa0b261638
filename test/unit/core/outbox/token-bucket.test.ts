import { describe, expect, it } from "vitest";
import {
  byPriority,
  kindsByPriority,
  PRIORITY,
  priorityOf,
  reserveFor,
} from "../../../../src/core/outbox/priority.ts";
import {
  type BucketState,
  DEFAULT_BUCKET,
  limited,
  newBucket,
  readyAt,
  refill,
  take,
} from "../../../../src/core/outbox/token-bucket.ts";

const cfg = DEFAULT_BUCKET; // burst 3, 1/s, a quiet minute

/** Sends at `now` if the bucket lets a message with `reserve` go; returns the new state and whether it went. */
function send(state: BucketState, now: number, reserve = 0): [BucketState, boolean] {
  const s = refill(state, cfg, now);
  if (readyAt(s, now, reserve) !== null) return [s, false];
  return [take(s, now), true];
}

describe("token bucket", () => {
  it("lets a quiet channel take the burst at once, then one a second", () => {
    let s = newBucket(cfg, 0);
    let ok: boolean;
    for (let i = 0; i < 3; i++) {
      [s, ok] = send(s, 0);
      expect(ok).toBe(true);
    }
    [s, ok] = send(s, 0);
    expect(ok).toBe(false);
    expect(readyAt(refill(s, cfg, 0), 0)).toBe(1_000);
    [s, ok] = send(s, 999);
    expect(ok).toBe(false);
    [s, ok] = send(s, 1_000);
    expect(ok).toBe(true);
    // Ten seconds of quiet refill the burst, never more.
    s = refill(s, cfg, 11_000);
    expect(s.tokens).toBe(3);
  });

  it("keeps a reserve: a lower class waits while a hot post could still go", () => {
    let s = newBucket(cfg, 0);
    s = take(s, 0); // a hot post: 2 left
    expect(readyAt(s, 0, reserveFor(PRIORITY.explain))).toBe(1_000); // needs a full bucket
    expect(readyAt(s, 0, reserveFor(PRIORITY.dm))).toBeNull(); // leaves one
    expect(readyAt(s, 0, reserveFor(PRIORITY.hot))).toBeNull();
    s = take(take(s, 0), 0); // empty
    expect(readyAt(s, 0, reserveFor(PRIORITY.hot))).toBe(1_000);
    expect(readyAt(s, 0, reserveFor(PRIORITY.dm))).toBe(2_000);
    expect(readyAt(s, 0, reserveFor(PRIORITY.explain))).toBe(3_000);
  });

  it("after a 429 waits Retry-After, sends one, then runs at half the rate without bursts", () => {
    let s = newBucket(cfg, 0);
    s = limited(s, cfg, 1_000, 5_000);
    expect(readyAt(refill(s, cfg, 1_000), 1_000)).toBe(6_000);
    let ok: boolean;
    [s, ok] = send(s, 5_999);
    expect(ok).toBe(false);
    [s, ok] = send(s, 6_000);
    expect(ok).toBe(true);
    // Half the rate: the next token two seconds later; no burst however long it waits.
    expect(readyAt(refill(s, cfg, 6_000), 6_000)).toBe(8_000);
    s = refill(s, cfg, 30_000);
    expect(s.tokens).toBe(1);
    // A reserve never blocks a bucket that holds one token at most.
    expect(readyAt(s, 30_000, reserveFor(PRIORITY.explain))).toBeNull();
    // A second 429 halves again.
    s = limited(s, cfg, 30_000, 1_000);
    expect(s.perSecond).toBe(0.25);
    // A quiet minute after the last 429: the configured pace and burst again.
    s = refill(s, cfg, 90_000);
    expect(s).toMatchObject({ capacity: 3, perSecond: 1, limitedAt: null });
    [s] = send(s, 93_000);
    [s, ok] = send(s, 93_000);
    expect(ok).toBe(true);
  });

  it("never slows below an eighth of the configured rate", () => {
    let s = newBucket(cfg, 0);
    for (let i = 0; i < 10; i++) s = limited(s, cfg, i, 1);
    expect(s.perSecond).toBe(1 / 8);
  });

  it("honours the configured burst and rate", () => {
    const slow = { ...cfg, burst: 1, perSecond: 0.5 };
    let s = newBucket(slow, 0);
    expect(readyAt(s, 0, 2)).toBeNull();
    s = take(s, 0);
    expect(readyAt(refill(s, slow, 0), 0)).toBe(2_000);
  });
});

describe("priority", () => {
  it("orders hot posts and claim updates, DMs, alerts, then explanations", () => {
    expect(priorityOf("hot_lead_post")).toBe(PRIORITY.hot);
    expect(priorityOf("lead_post_update")).toBe(PRIORITY.hot);
    expect(priorityOf("assignment_dm")).toBe(PRIORITY.dm);
    expect(priorityOf("sla_nudge")).toBe(PRIORITY.dm);
    expect(priorityOf("threshold_alert")).toBe(PRIORITY.alert);
    expect(priorityOf("lead_thread")).toBe(PRIORITY.explain);
    expect(priorityOf("score_receipt")).toBe(PRIORITY.explain);
    const kinds = kindsByPriority();
    expect(kinds.indexOf("lead_post_update")).toBeLessThan(kinds.indexOf("assignment_dm"));
    expect(kinds.indexOf("assignment_dm")).toBeLessThan(kinds.indexOf("sla_breach"));
    expect(kinds.slice(-2)).toEqual(["lead_thread", "score_receipt"]);
  });

  it("sorts by class and keeps the given order within a class", () => {
    const rows = [
      { id: 1, kind: "lead_thread" },
      { id: 2, kind: "threshold_alert" },
      { id: 3, kind: "lead_post_update" },
      { id: 4, kind: "assignment_dm" },
      { id: 5, kind: "lead_thread" },
      { id: 6, kind: "lead_post_update" },
    ];
    expect(byPriority(rows).map((r) => r.id)).toEqual([3, 6, 4, 2, 1, 5]);
  });
});
