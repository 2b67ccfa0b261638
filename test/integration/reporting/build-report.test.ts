// The report on a hand-computed fixture (test/fixtures/reporting/january.ts), on PGlite and on
// PostgreSQL: the same SQL must give the same figures on both.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsePeriod } from "../../../src/core/reporting/period.ts";
import { REPORT_DIMENSIONS, type Report, type ReportMetrics } from "../../../src/core/reporting/types.ts";
import { buildReport } from "../../../src/flows/build-report.ts";
import { JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const january = (timeZone = "UTC") => parsePeriod("2025-01-01..2025-02-01", { now: JANUARY_NOW, timeZone });

function zeroMetrics(): ReportMetrics {
  return {
    leads: 0,
    iql: 0,
    mql: 0,
    sql: 0,
    freeTrial: 0,
    customers: 0,
    wins: 0,
    visitors: null,
    spend: null,
    optInRatePct: null,
    salesConversionRatePct: null,
    totalSales: 0,
    averageDealSize: null,
    purchasesPerCustomer: null,
    customerLifetimeValue: null,
    salesCycleMedianSeconds: null,
    costPerLead: null,
    costPerSale: null,
    speedToLead: { responded: 0, medianSeconds: null, p90Seconds: null, withinOneHourPct: null },
    slaBreaches: 0,
  };
}

function group(report: Report, key: string | null) {
  const g = report.groups.find((x) => x.key === key);
  if (!g) throw new Error(`no group ${key}`);
  return g;
}

/** Walks a value and collects every number that is NaN or infinite. */
function badNumbers(value: unknown, path = "$"): string[] {
  if (typeof value === "number") return Number.isFinite(value) ? [] : [path];
  if (value && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => badNumbers(v, `${path}.${k}`));
  }
  return [];
}

describe.each(DB_KINDS)("buildReport on %s", (kind) => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase(kind);
    await seedJanuary(t.db);
  });
  afterAll(() => t.drop());

  it("computes every total by hand", async () => {
    const report = await buildReport({ db: t.db, period: january(), now: JANUARY_NOW });
    expect(report.period).toEqual({
      from: "2025-01-01T00:00:00.000Z",
      to: "2025-02-01T00:00:00.000Z",
      timeZone: "UTC",
      label: "2025-01-01..2025-02-01",
    });
    expect(report.by).toBeNull();
    expect(report.groups).toEqual([]);
    expect(report.totals).toEqual({
      leads: 5, // L1–L5
      iql: 2, // L1, L3
      mql: 4, // L1, L2, L3 and L6 (created in December, MQL in January)
      sql: 2, // L1, L3
      freeTrial: 2, // L1, L5 (twice, counted once); L6's trial was in December
      customers: 3, // L1, L3, L6
      wins: 4, // 1000 + 3000 + 2000 + 600
      visitors: 500, // google 100 + facebook 400
      spend: 1700, // google 1500 + tiktok 200 (the straddling 9999 row is left out)
      optInRatePct: 0.8, // 4 leads of sources with visitors ÷ 500 × 100
      salesConversionRatePct: 80, // 4 ÷ 5 × 100
      totalSales: 6600,
      averageDealSize: 1650, // 6600 ÷ 4
      purchasesPerCustomer: 1.67, // 5 purchases up to Feb 1 (L6 also in Dec) ÷ 3 customers
      customerLifetimeValue: 2750, // 1650 × 5 ÷ 3
      salesCycleMedianSeconds: 1_123_200, // median of 779400, 1036800, 1209600, 1296000
      costPerLead: 850, // 1700 ÷ 2 leads of sources with spend (google 2, tiktok 0)
      costPerSale: 850, // 1700 ÷ 2 wins of those sources (L1, L6)
      speedToLead: {
        responded: 4,
        medianSeconds: 2700, // 600, 1800, 3600, 7200
        p90Seconds: 6120, // 3600 + 0.7 × 3600
        withinOneHourPct: 60, // 3 ÷ (4 answered + L4 unanswered for over an hour)
      },
      slaBreaches: 2, // L2 and L4 in January; L7's is in February
    });
  });

  it("gives cost per lead and per sale by source, null where an input is missing", async () => {
    const report = await buildReport({ db: t.db, period: january(), now: JANUARY_NOW });
    expect(report.sources).toEqual([
      {
        source: "facebook",
        leads: 2,
        wins: 2,
        spend: null,
        currency: null,
        visitors: 400,
        optInRatePct: 0.5,
        costPerLead: null,
        costPerSale: null,
      },
      {
        source: "google",
        leads: 2,
        wins: 2,
        spend: 1500,
        currency: "USD",
        visitors: 100,
        optInRatePct: 2,
        costPerLead: 750,
        costPerSale: 750,
      },
      {
        source: null,
        leads: 1,
        wins: 0,
        spend: null,
        currency: null,
        visitors: null,
        optInRatePct: null,
        costPerLead: null,
        costPerSale: null,
      },
      {
        source: "tiktok",
        leads: 0,
        wins: 0,
        spend: 200,
        currency: "USD",
        visitors: null,
        optInRatePct: null,
        costPerLead: null,
        costPerSale: null,
      },
    ]);
  });

  it("groups by rep (the lead's owner), with load, claims, wins and fairness", async () => {
    const report = await buildReport({ db: t.db, period: january(), by: "rep", now: JANUARY_NOW });
    expect(report.groups.map((g) => [g.key, g.label, g.metrics.leads])).toEqual([
      ["U0ANN", "Ann", 2],
      ["U0BOB", "Bob", 2],
      [null, "(none)", 1],
      ["U0CAT", "Cat", 0],
    ]);
    expect(group(report, "U0ANN").metrics).toEqual({
      ...zeroMetrics(),
      leads: 2,
      iql: 2,
      mql: 2,
      sql: 2,
      freeTrial: 1,
      customers: 2,
      wins: 3,
      salesConversionRatePct: 150, // a flow measure: wins in the period ÷ leads created in it
      totalSales: 6000,
      averageDealSize: 2000,
      purchasesPerCustomer: 1.5,
      customerLifetimeValue: 3000,
      salesCycleMedianSeconds: 1_209_600, // 1036800, 1209600, 1296000
      speedToLead: { responded: 2, medianSeconds: 1200, p90Seconds: 1680, withinOneHourPct: 100 },
      slaBreaches: 1, // the L4 assignment Ann breached
    });
    expect(group(report, "U0BOB").metrics).toEqual({
      ...zeroMetrics(),
      leads: 2,
      mql: 2,
      freeTrial: 1,
      customers: 1,
      wins: 1,
      salesConversionRatePct: 50,
      totalSales: 600,
      averageDealSize: 600,
      purchasesPerCustomer: 2,
      customerLifetimeValue: 1200,
      salesCycleMedianSeconds: 779_400,
      speedToLead: { responded: 2, medianSeconds: 5400, p90Seconds: 6840, withinOneHourPct: 50 },
      slaBreaches: 1,
    });
    expect(group(report, null).metrics).toEqual({
      ...zeroMetrics(),
      leads: 1,
      salesConversionRatePct: 0,
      speedToLead: { responded: 0, medianSeconds: null, p90Seconds: null, withinOneHourPct: 0 },
    });
    expect(group(report, "U0CAT").metrics).toEqual(zeroMetrics());

    expect(report.reps).toEqual([
      { repSlackId: "U0ANN", name: "Ann", openLeads: 1, assignments: 3, claims: 2, wins: 3, slaBreaches: 1 },
      { repSlackId: "U0BOB", name: "Bob", openLeads: 2, assignments: 2, claims: 0, wins: 1, slaBreaches: 1 },
      { repSlackId: "U0CAT", name: "Cat", openLeads: 0, assignments: 0, claims: 0, wins: 0, slaBreaches: 0 },
    ]);
    // Assignments 3, 2, 0 (Dan is inactive and got nothing): mean 5/3, σ ≈ 1.247.
    expect(report.fairness).toEqual({
      reps: 3,
      min: 0,
      max: 3,
      spread: 3,
      mean: 1.67,
      coefficientOfVariation: 0.75,
    });
  });

  it("groups by source with the source's costs", async () => {
    const report = await buildReport({ db: t.db, period: january(), by: "source", now: JANUARY_NOW });
    expect(report.groups.map((g) => g.key)).toEqual(["facebook", "google", null, "tiktok"]);
    const google = group(report, "google").metrics;
    expect([google.leads, google.wins, google.spend, google.visitors]).toEqual([2, 2, 1500, 100]);
    expect([google.costPerLead, google.costPerSale, google.optInRatePct]).toEqual([750, 750, 2]);
    expect(group(report, "facebook").metrics).toMatchObject({
      spend: null,
      costPerLead: null,
      optInRatePct: 0.5,
    });
    expect(group(report, "tiktok").metrics).toMatchObject({ leads: 0, spend: 200, costPerLead: null });
    expect(report.totals.costPerLead).toBe(850);
  });

  it("groups by current segment membership, listing segments without members", async () => {
    const report = await buildReport({ db: t.db, period: january(), by: "segment", now: JANUARY_NOW });
    expect(report.groups.map((g) => [g.key, g.metrics.leads, g.metrics.mql, g.metrics.wins])).toEqual([
      ["enterprise", 2, 3, 2], // L1, L2 created; L1, L2, L6 MQL; L1 and L6 won
      ["smb", 2, 1, 2], // L3, L5 (L2 left smb); L3 won twice
      [null, 1, 0, 0], // L4
      ["dormant", 0, 0, 0],
    ]);
    expect(group(report, "enterprise").metrics.totalSales).toBe(1600);
    expect(group(report, "smb").metrics.totalSales).toBe(5000);
    expect(group(report, "enterprise").metrics.costPerLead).toBeNull();
  });

  it("groups by lead magnet, campaign, country and region, an empty value in (none)", async () => {
    const figures = async (by: "leadMagnet" | "campaign" | "country" | "region") => {
      const report = await buildReport({ db: t.db, period: january(), by, now: JANUARY_NOW });
      return Object.fromEntries(
        report.groups.map((g) => [
          g.key ?? "(none)",
          [g.metrics.leads, g.metrics.mql, g.metrics.wins, g.metrics.totalSales, g.metrics.slaBreaches],
        ]),
      );
    };
    // [leads created, MQL, wins, sales, SLA breaches] in January
    expect(await figures("leadMagnet")).toEqual({
      ebook: [2, 3, 2, 1600, 1], // L1, L2 created; L1, L2, L6 MQL; L1 1000 + L6 600; L2 breached
      webinar: [1, 1, 2, 5000, 0], // L3: 3000 + 2000
      "(none)": [2, 0, 0, 0, 1], // L4 (breached), L5
    });
    expect(await figures("campaign")).toEqual({
      spring: [2, 3, 2, 1600, 1],
      "(none)": [3, 1, 2, 5000, 1],
    });
    expect(await figures("country")).toEqual({
      DE: [1, 2, 2, 1600, 0], // L1; L6 created in December
      US: [1, 1, 2, 5000, 0],
      "(none)": [3, 1, 0, 0, 2], // L2 (empty country), L4, L5
    });
    expect(await figures("region")).toEqual({
      EMEA: [1, 2, 2, 1600, 0],
      AMER: [1, 1, 2, 5000, 0],
      "(none)": [3, 1, 0, 0, 2],
    });
  });

  it("gives zeros and nulls, never NaN, for an empty period", async () => {
    const period = parsePeriod("2030-01-01..2030-02-01", { now: JANUARY_NOW });
    for (const by of [undefined, ...REPORT_DIMENSIONS]) {
      const report = await buildReport({ db: t.db, period, by, now: JANUARY_NOW });
      expect(report.totals).toEqual(zeroMetrics());
      expect(badNumbers(report)).toEqual([]);
      for (const g of report.groups) expect(g.metrics).toEqual(zeroMetrics());
    }
    const report = await buildReport({ db: t.db, period, by: "rep", now: JANUARY_NOW });
    expect(report.fairness).toEqual({
      reps: 3,
      min: 0,
      max: 0,
      spread: 0,
      mean: 0,
      coefficientOfVariation: null,
    });
  });

  it("counts a lead in the month of the report's time zone", async () => {
    // Extra leads around the month's edges, on their own source so the fixture is untouched.
    const at = async (email: string, iso: string) =>
      t.db.prisma.lead.create({ data: { email, source: "edge", createdAt: new Date(iso) } });
    await at("edge1@example.com", "2025-01-01T02:00:00Z"); // NY: Dec 31, 21:00
    await at("edge2@example.com", "2025-01-31T23:30:00Z"); // NY: Jan 31, 18:30
    await at("edge3@example.com", "2025-02-01T03:30:00Z"); // NY: Jan 31, 22:30
    const edge = async (timeZone: string) => {
      const period = parsePeriod("month", { now: new Date("2025-01-20T12:00:00Z"), timeZone });
      const report = await buildReport({ db: t.db, period, by: "source", now: JANUARY_NOW });
      return { from: report.period.from, leads: group(report, "edge").metrics.leads };
    };
    expect(await edge("UTC")).toEqual({ from: "2025-01-01T00:00:00.000Z", leads: 2 }); // edge1, edge2
    expect(await edge("America/New_York")).toEqual({ from: "2025-01-01T05:00:00.000Z", leads: 2 }); // edge2, edge3
    await t.db.prisma.lead.deleteMany({ where: { source: "edge" } });
  });

  it("never gives a negative duration, even for a deal recorded as closed before its lead existed", async () => {
    // What the Won modal used to store for "closed today": midnight, before the lead was created
    // (the report then said salesCycleMedianSeconds: -73898); and a response stamped too early.
    const p = t.db.prisma;
    const lead = await p.lead.create({
      data: {
        email: "early@example.com",
        source: "early",
        createdAt: new Date("2025-01-15T20:31:38Z"),
        firstResponseAt: new Date("2025-01-15T20:00:00Z"),
      },
    });
    await p.outcome.create({
      data: {
        leadId: lead.id,
        kind: "won",
        amount: 10,
        currency: "USD",
        occurredAt: new Date("2025-01-15T00:00:00Z"),
      },
    });
    const durations = (m: ReportMetrics) => [
      m.salesCycleMedianSeconds,
      m.speedToLead.medianSeconds,
      m.speedToLead.p90Seconds,
    ];
    for (const by of [undefined, ...REPORT_DIMENSIONS]) {
      const report = await buildReport({ db: t.db, period: january(), by, now: JANUARY_NOW });
      for (const m of [report.totals, ...report.groups.map((g) => g.metrics)])
        for (const d of durations(m)) expect(d === null || d >= 0, JSON.stringify(m)).toBe(true);
    }
    const bySource = await buildReport({ db: t.db, period: january(), by: "source", now: JANUARY_NOW });
    expect(durations(group(bySource, "early").metrics)).toEqual([0, 0, 0]);
    await p.outcome.deleteMany({ where: { leadId: lead.id } });
    await p.lead.delete({ where: { id: lead.id } });
  });
});
