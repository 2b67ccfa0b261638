import { describe, expect, it } from "vitest";
import { csvCell } from "../../../../src/core/reporting/csv.ts";
import { fairness } from "../../../../src/core/reporting/fairness.ts";
import { fmtDuration } from "../../../../src/core/reporting/format.ts";
import { renderReportCsv } from "../../../../src/core/reporting/render-report-csv.ts";
import { renderReportText } from "../../../../src/core/reporting/render-report-text.ts";
import { ratio } from "../../../../src/core/reporting/round.ts";
import type { Report, ReportMetrics } from "../../../../src/core/reporting/types.ts";

const empty: ReportMetrics = {
  leads: 3,
  iql: 1,
  mql: 2,
  sql: 1,
  freeTrial: 0,
  customers: 0,
  wins: 0,
  visitors: null,
  spend: null,
  optInRatePct: null,
  salesConversionRatePct: 0,
  totalSales: 0,
  averageDealSize: null,
  purchasesPerCustomer: null,
  customerLifetimeValue: null,
  salesCycleMedianSeconds: null,
  costPerLead: null,
  costPerSale: null,
  speedToLead: { responded: 1, medianSeconds: 95, p90Seconds: 7260, withinOneHourPct: 50 },
  slaBreaches: 1,
};

const report: Report = {
  period: {
    from: "2025-01-01T05:00:00.000Z",
    to: "2025-02-01T05:00:00.000Z",
    timeZone: "America/New_York",
    label: "month",
  },
  by: "source",
  generatedAt: "2025-03-01T00:00:00.000Z",
  totals: empty,
  groups: [{ key: "=cmd()", label: "=cmd()", metrics: { ...empty, spend: 10, costPerLead: 3.33 } }],
  sources: [],
  reps: [
    { repSlackId: "U0ANN", name: "Ann", openLeads: 2, assignments: 3, claims: 1, wins: 0, slaBreaches: 1 },
  ],
  fairness: { reps: 1, min: 3, max: 3, spread: 0, mean: 3, coefficientOfVariation: 0 },
};

describe("report renderers", () => {
  it("renders text with — for missing figures and local dates", () => {
    const text = renderReportText(report);
    expect(text).toContain("month: 2025-01-01 to 2025-01-31 (America/New_York)");
    expect(text).toContain("Opt-in rate — · Sales conversion 0% (0 won)");
    expect(text).toContain("Avg deal — · CLV —");
    expect(text).toContain("Speed-to-lead median 1m 35s · p90 2h 1m · within 1h 50%");
    expect(text).toContain("Cost per lead 3.33");
    expect(text).toContain("<@U0ANN>: 2 open · 3 assigned (1 claimed)");
    expect(text).not.toMatch(/NaN|null|undefined/);
  });

  it("renders CSV with empty cells for missing figures and guarded formulas", () => {
    const lines = renderReportCsv(report).trimEnd().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^period_from,period_to,time_zone,group_by,group,leads,iql,/);
    expect(lines[1]).toContain(",(total),3,1,2,1,0,0,0,,,0,0,,,,,,,,1,95,7260,50,1");
    expect(lines[2]).toContain(",'=cmd(),3,");
  });

  it("escapes CSV cells", () => {
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell("line\nbreak")).toBe('"line\nbreak"');
    expect(csvCell("+1 555")).toBe("'+1 555");
    expect(csvCell(-5)).toBe("-5");
    expect(csvCell(null)).toBe("");
    expect(csvCell(new Date("2025-01-01T00:00:00Z"))).toBe("2025-01-01T00:00:00.000Z");
  });
});

describe("report arithmetic", () => {
  it("never divides by zero", () => {
    expect(ratio(5, 0)).toBeNull();
    expect(ratio(null, 4)).toBeNull();
    expect(ratio(1, 3, 100)).toBe(33.33);
  });

  it("measures rotation fairness", () => {
    expect(fairness([])).toEqual({
      reps: 0,
      min: null,
      max: null,
      spread: null,
      mean: null,
      coefficientOfVariation: null,
    });
    expect(fairness([4, 4, 4])).toMatchObject({ spread: 0, coefficientOfVariation: 0 });
    expect(fairness([0, 0])).toMatchObject({ spread: 0, mean: 0, coefficientOfVariation: null });
    expect(fairness([2, 6])).toMatchObject({
      min: 2,
      max: 6,
      spread: 4,
      mean: 4,
      coefficientOfVariation: 0.5,
    });
  });

  it("formats durations", () => {
    expect(fmtDuration(null)).toBe("—");
    expect(fmtDuration(42)).toBe("42s");
    expect(fmtDuration(200_000)).toBe("2d 7h");
  });
});
