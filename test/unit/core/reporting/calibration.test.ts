import { describe, expect, it } from "vitest";
import { calibrate, wilson } from "../../../../src/core/reporting/calibration.ts";

describe("wilson", () => {
  it("matches the textbook 95% interval", () => {
    // 10 of 100: 5.52%–17.44% (Wilson score interval, z = 1.96).
    expect(wilson(10, 100)).toEqual({ pct: 10, low: 5.52, high: 17.44 });
    expect(wilson(0, 20)).toEqual({ pct: 0, low: 0, high: 16.11 });
    expect(wilson(0, 0)).toEqual({ pct: null, low: null, high: null });
  });
});

describe("calibrate", () => {
  const thresholds = { warm: 30, hot: 60 };
  const bands = [
    { band: 30, leads: 100, sql: 10, won: 2 },
    { band: 40, leads: 50, sql: 26, won: 5 },
    { band: 60, leads: 40, sql: 20, won: 8 },
    { band: 70, leads: 5, sql: 5, won: 5 },
  ];

  it("marks today's thresholds on their bands and suggests the lowest band converting as well as hot", () => {
    const c = calibrate({ bands, rules: [], thresholds });
    expect(c.leads).toBe(195);
    expect(c.bands.map((b) => [b.from, b.marks])).toEqual([
      [30, ["warm"]],
      [40, []],
      [60, ["hot"]],
      [70, []],
    ]);
    // 40–49 reaches SQL at 52%, the hot band 60–69 at 50%.
    expect(c.suggestions.hot.value).toBe(40);
    expect(c.suggestions.hot.why).toContain("52%");
    // Nothing below 30–39 exists: keep.
    expect(c.suggestions.warm.value).toBe(30);
  });

  it("suggests nothing when the threshold's band has too few leads", () => {
    const c = calibrate({ bands: bands.filter((b) => b.band !== 60), rules: [], thresholds });
    expect(c.suggestions.hot.value).toBeNull();
    expect(c.suggestions.hot.why).toContain("at least 30");
    // A band under the minimum (70–79, 5 leads at 100%) is never the suggestion.
    const small = calibrate({ bands, rules: [], thresholds: { warm: 30, hot: 65 }, minLeadsPerBand: 45 });
    expect(small.suggestions.hot.value).toBeNull();
  });

  it("gives each rule's lift over the leads without it", () => {
    const c = calibrate({
      bands,
      rules: [
        { rule: "demo", kind: "engagement", leads: 50, sql: 40, won: 10 },
        { rule: "gmail", kind: "fit", leads: 95, sql: 0, won: 0 },
      ],
      thresholds,
    });
    const demo = c.rules.find((r) => r.rule === "demo")!;
    // With: 40/50 = 80%; without: (61 − 40)/(195 − 50) = 21/145 = 14.48%.
    expect(demo.sqlPctWith).toBe(80);
    expect(demo.sqlPctWithout).toBe(14.48);
    expect(demo.sqlLift).toBe(5.52);
    expect(demo.leadsWithout).toBe(145);
    expect(c.rules[0]!.rule).toBe("demo");
    expect(c.rules.find((r) => r.rule === "gmail")!.sqlLift).toBe(0);
  });
});
