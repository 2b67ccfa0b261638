import { describe, expect, it } from "vitest";
import { checkClaim } from "../../../../src/core/routing/check-claim.ts";
import { config, hotSql, NOW, rep } from "./fixtures.ts";

const cfg = config({
  pools: [{ name: "seniors", seniority: ["senior"] }],
  routes: [{ name: "hot", grades: ["hot"], mode: "claim", pool: "seniors" }],
});

describe("checkClaim", () => {
  it("a pool member who is available may claim, even outside working hours", () => {
    const r = rep(1, { seniority: "senior", workingHours: { days: ["sun"], start: "01:00", end: "02:00" } });
    expect(checkClaim({ lead: hotSql, segments: [], config: cfg, rep: r, openCount: 0, now: NOW })).toEqual({
      ok: true,
      pool: "seniors",
    });
  });

  it("refuses with the reasons: not in the pool, away, at capacity, unknown rep", () => {
    const claim = (r: Parameters<typeof checkClaim>[0]["rep"], openCount = 0) =>
      checkClaim({ lead: hotSql, segments: [], config: cfg, rep: r, openCount, now: NOW });
    expect(claim(rep(1, { seniority: "junior" }))).toEqual({
      ok: false,
      reasons: [{ code: "not_in_pool", pools: ["seniors"] }],
    });
    expect(claim(rep(1, { seniority: "senior", away: true, capacity: 2 }), 2)).toEqual({
      ok: false,
      reasons: [
        { code: "away", until: null },
        { code: "at_capacity", open: 2, capacity: 2 },
      ],
    });
    expect(claim(undefined)).toMatchObject({ ok: false });
  });
});
