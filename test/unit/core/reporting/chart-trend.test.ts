import { describe, expect, it } from "vitest";
import { chartModel, layoutChart } from "../../../../src/core/reporting/render-chart.ts";
import type { Report } from "../../../../src/core/reporting/types.ts";

const totals = (leads: number) => ({ leads, customers: 1 }) as Report["totals"];
const period = (from: string, to: string) => ({ from, to, timeZone: "UTC", label: `${from}..${to}` });

describe("the report chart with a trend", () => {
  it("adds one bar per period, longest for the busiest", () => {
    const report = {
      period: period("2025-03-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z"),
      totals: { ...totals(8), mql: 0, sql: 0 },
      sources: [],
      trend: [
        { period: period("2025-02-01T00:00:00.000Z", "2025-03-01T00:00:00.000Z"), totals: totals(4) },
        { period: period("2025-03-01T00:00:00.000Z", "2025-04-01T00:00:00.000Z"), totals: totals(8) },
      ],
    } as unknown as Report;
    const layout = layoutChart(chartModel(report));
    const bars = layout.bars.filter((b) => b.section === "trend");
    expect(bars.map((b) => b.label)).toEqual(["2025-02-01", "2025-03-01"]);
    expect(bars[1]!.rect!.w).toBe(2 * bars[0]!.rect!.w);
    expect(layout.texts.some((t) => t.text.startsWith("Leads by period"))).toBe(true);
  });
});
