// The report's pure shaping: rows of figures from the statements in, the report out.
import { describe, expect, it } from "vitest";
import { assembleReport, type ReportRows } from "../../../../src/core/reporting/assemble-report.ts";
import { digestDay, digestFigures } from "../../../../src/core/reporting/digest.ts";
import { mergeFigureRows, type RepLoadRow } from "../../../../src/core/reporting/figure-rows.ts";
import { parsePeriod } from "../../../../src/core/reporting/period.ts";
import { repLoads } from "../../../../src/core/reporting/rep-loads.ts";
import { sourceCosts, totalCosts } from "../../../../src/core/reporting/source-costs.ts";
import { toMetrics } from "../../../../src/core/reporting/to-metrics.ts";

const now = new Date("2025-02-01T00:00:00Z");
const period = parsePeriod("2025-01-01..2025-02-01", { now });

const noRows: ReportRows = {
  leadRows: [],
  segmentTotals: [],
  outcomeRows: [],
  sourceLeads: [],
  inputRows: [],
  repRows: [],
  segmentNames: [],
};

const rep = (id: string, o: Partial<RepLoadRow> = {}): RepLoadRow => ({
  id,
  name: null,
  active: false,
  open_leads: 0,
  assignments: 0,
  claims: 0,
  sla_breaches: 0,
  ...o,
});

describe("mergeFigureRows", () => {
  it("joins the statements' rows by set and key, a figure no row has staying null", () => {
    const rows = mergeFigureRows([
      [{ s: "total", k: "", leads: 4, mql: 1 }],
      [
        { s: "total", k: "", wins: 2, leads: null },
        { s: "owner", k: "U1", wins: 2 },
      ],
    ]);
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ s: "total", k: "", leads: 4, mql: 1, wins: 2, sla_breaches: null });
    expect(rows[1]).toMatchObject({ s: "owner", k: "U1", wins: 2, leads: null });
  });
});

describe("toMetrics", () => {
  it("computes deal size, purchases per customer and CLV from the won rows", () => {
    const [row] = mergeFigureRows([
      [{ s: "total", k: "", leads: 10, wins: 3, customers: 2, total_sales: 900, priced_wins: 2 }],
      [{ s: "total", k: "", lifetime_purchases: 5, cycle_median: 86_400.4 }],
    ]);
    const m = toMetrics(row);
    expect(m).toMatchObject({
      leads: 10,
      wins: 3,
      salesConversionRatePct: 30,
      totalSales: 900,
      averageDealSize: 450,
      purchasesPerCustomer: 2.5,
      customerLifetimeValue: 1125,
      salesCycleMedianSeconds: 86_400,
      spend: null,
      costPerLead: null,
    });
  });

  it("gives zeros and nulls, never NaN, without a row", () => {
    const m = toMetrics(undefined);
    expect(m.leads).toBe(0);
    expect(m.averageDealSize).toBeNull();
    expect(m.customerLifetimeValue).toBeNull();
    expect(m.speedToLead).toEqual({
      responded: 0,
      medianSeconds: null,
      p90Seconds: null,
      withinOneHourPct: null,
    });
  });
});

describe("source costs", () => {
  it("divides each source's spend by its own leads and wins; totals only over sources with the input", () => {
    const sources = sourceCosts(
      [
        { k: "google", leads: 4, wins: 1 },
        { k: "", leads: 6, wins: 0 },
      ],
      new Map([
        ["google", { k: "google", spend: 100, visitors: 200, currencies: 1, currency: "USD" }],
        ["bing", { k: "bing", spend: 50.25, visitors: null, currencies: 2, currency: "EUR" }],
      ]),
    );
    expect(sources.map((s) => s.source)).toEqual([null, "google", "bing"]);
    expect(sources[1]).toMatchObject({ costPerLead: 25, costPerSale: 100, optInRatePct: 2, currency: "USD" });
    expect(sources[2]).toMatchObject({ leads: 0, costPerLead: null, currency: "mixed" });
    expect(totalCosts(sources)).toEqual({
      spend: 150.25,
      visitors: 200,
      leadsWithSpend: 4,
      winsWithSpend: 1,
      leadsWithVisitors: 4,
    });
  });
});

describe("repLoads", () => {
  it("lists active reps and reps with a figure, by id, with owners known only from wins", () => {
    const { reps, fairnessCounts } = repLoads(
      [rep("U2", { active: true, assignments: 3 }), rep("U1", { assignments: 1 }), rep("U3")],
      new Map([
        ["U9", 2],
        ["", 1],
      ]),
    );
    expect(reps.map((r) => [r.repSlackId, r.wins])).toEqual([
      ["U1", 0],
      ["U2", 0],
      ["U9", 2],
    ]);
    expect(fairnessCounts).toEqual([1, 3]);
  });
});

describe("assembleReport", () => {
  it("lists groups with nothing in the period and puts (none) last among equals", () => {
    const report = assembleReport({
      period,
      by: "segment",
      now,
      rows: {
        ...noRows,
        leadRows: [
          {
            s: "group",
            k: "",
            leads: 2,
            iql: 0,
            responded: 0,
            stl_pcts: null,
            within_hour: 0,
            stl_due: 0,
            mql: 0,
            sql: 0,
            free_trial: 0,
          },
          {
            s: "group",
            k: "smb",
            leads: 2,
            iql: 0,
            responded: 0,
            stl_pcts: null,
            within_hour: 0,
            stl_due: 0,
            mql: 0,
            sql: 0,
            free_trial: 0,
          },
        ],
        segmentNames: ["enterprise", "smb"],
      },
    });
    expect(report.groups.map((g) => [g.label, g.metrics.leads])).toEqual([
      ["smb", 2],
      ["(none)", 2],
      ["enterprise", 0],
    ]);
    expect(report.totals.leads).toBe(0);
    expect(report.fairness.reps).toBe(0);
  });

  it("by source, takes each source's leads from the groups for its costs", () => {
    const report = assembleReport({
      period,
      by: "source",
      now,
      rows: {
        ...noRows,
        leadRows: [
          {
            s: "group",
            k: "google",
            leads: 5,
            iql: 0,
            responded: 0,
            stl_pcts: null,
            within_hour: 0,
            stl_due: 0,
            mql: 0,
            sql: 0,
            free_trial: 0,
          },
        ],
        inputRows: [{ k: "google", spend: 100, visitors: null, currencies: 1, currency: "USD" }],
      },
    });
    expect(report.sources).toEqual([
      expect.objectContaining({ source: "google", leads: 5, costPerLead: 20 }),
    ]);
    expect(report.groups[0]?.metrics.costPerLead).toBe(20);
    expect(report.totals.costPerLead).toBe(20);
  });
});

describe("digest", () => {
  it("covers yesterday in the digest's time zone and rounds the won amount to cents", () => {
    const day = digestDay(new Date("2025-01-16T03:00:00Z"), "America/New_York");
    expect(day.day).toBe("2025-01-14");
    expect(day.from.toISOString()).toBe("2025-01-14T05:00:00.000Z");
    expect(day.to.toISOString()).toBe("2025-01-15T05:00:00.000Z");
    expect(digestFigures(day, undefined)).toMatchObject({ newLeads: 0, wonAmount: 0 });
    expect(
      digestFigures(day, {
        new_leads: 3,
        hot_leads: 1,
        unclaimed: 0,
        sla_breaches: 2,
        wins: 1,
        won_amount: 10.126,
      }),
    ).toMatchObject({ newLeads: 3, slaBreaches: 2, wonAmount: 10.13 });
  });
});
