// `sources.<name>.costPerLead` in leadops.yml prices the leads of a source that has no spend
// input for the period; a spend input wins; sources without either stay without costs.
import { describe, expect, it } from "vitest";
import { assembleReport, type ReportRows } from "../../../../src/core/reporting/assemble-report.ts";
import { parsePeriod } from "../../../../src/core/reporting/period.ts";

const now = new Date("2025-02-01T00:00:00Z");
const period = parsePeriod("2025-01-01..2025-02-01", { now });
const rows: ReportRows = {
  leadRows: [],
  segmentTotals: [],
  outcomeRows: [{ s: "source", k: "webinar", wins: 2 } as ReportRows["outcomeRows"][number]],
  sourceLeads: [
    { s: "source", k: "webinar", leads: 8 },
    { s: "source", k: "google", leads: 4 },
    { s: "source", k: "referral", leads: 3 },
  ],
  inputRows: [{ k: "google", spend: 100, visitors: null, currencies: 1, currency: "USD" }],
  repRows: [],
  segmentNames: [],
};

describe("cost per lead from leadops.yml", () => {
  it("costs a source without spend input at its costPerLead; a spend input wins", () => {
    const report = assembleReport({
      period,
      by: null,
      now,
      rows,
      costPerLead: new Map([
        ["webinar", 12.5],
        ["google", 99],
      ]),
    });
    const bySource = Object.fromEntries(report.sources.map((s) => [s.source, s]));
    expect(bySource.webinar).toMatchObject({ leads: 8, spend: 100, costPerLead: 12.5, costPerSale: 50 });
    expect(bySource.google).toMatchObject({ leads: 4, spend: 100, costPerLead: 25 });
    expect(bySource.referral).toMatchObject({ spend: null, costPerLead: null });
    // The totals count the sources that have a spend now: (100 + 100) / (8 + 4).
    expect(report.totals.spend).toBe(200);
    expect(report.totals.costPerLead).toBeCloseTo(16.67, 2);
  });

  it("without costPerLead, a source without spend input has no cost", () => {
    const report = assembleReport({ period, by: null, now, rows });
    expect(report.sources.find((s) => s.source === "webinar")).toMatchObject({
      spend: null,
      costPerLead: null,
    });
  });
});
