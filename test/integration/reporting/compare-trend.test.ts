// `compare=previous` and `trend=N` (issue 16, part 3): January 2025 of the fixture against
// December 2024 (L6, created 2024-12-31 23:30, is December's only lead), and the last three months.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../../src/cli/commands/report.ts";
import { JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const TOKEN = "test-api-token-0123456789";

describe.each(DB_KINDS)("report compare and trend on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, now: () => JANUARY_NOW, env: { LEADOPS_API_TOKEN: TOKEN } });
    await seedJanuary(app.db);
  });
  afterAll(() => app.close());

  const get = (query: string) =>
    app.server.inject({
      method: "GET",
      url: `/api/report?${query}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });

  it("compares every figure with the previous period, absolute and percent, null where either side is missing", async () => {
    const res = await get("from=2025-01-01&to=2025-02-01&compare=previous&by=source");
    expect(res.statusCode).toBe(200);
    const r = res.json();
    expect(r.comparison.period).toMatchObject({
      from: "2024-12-01T00:00:00.000Z",
      to: "2025-01-01T00:00:00.000Z",
      label: "2024-12-01..2025-01-01",
    });
    // The previous period's own report says the same as the comparison's side.
    const december = (await get("from=2024-12-01&to=2025-01-01")).json();
    expect(r.comparison.totals).toEqual(december.totals);
    expect(r.comparison.changes.leads).toEqual({ current: 5, previous: 1, absolute: 4, percent: 400 });
    // December has no visitors: the opt-in rate is missing on one side, so is its change.
    expect(r.comparison.changes.optInRatePct.absolute).toBeNull();
    expect(r.comparison.changes.optInRatePct.percent).toBeNull();
    // Nested figures are flattened into dotted paths.
    expect(r.comparison.changes).toHaveProperty(["speedToLead.medianSeconds"]);
    // Groups against the same key of the previous period.
    const google = r.comparison.groups.find((g: { key: string }) => g.key === "google");
    expect(google.changes.leads).toMatchObject({ current: 2, previous: 1, absolute: 1, percent: 100 });
  });

  it("gives the last N periods' totals, oldest first, ending with this one", async () => {
    const r = (await get("period=month&trend=3")).json();
    // "month" at JANUARY_NOW (2025-03-01) is March; the trend is January, February, March.
    expect(r.trend.map((p: { period: { from: string } }) => p.period.from.slice(0, 10))).toEqual([
      "2025-01-01",
      "2025-02-01",
      "2025-03-01",
    ]);
    expect(r.trend[0].totals.leads).toBe(5);
    expect(r.trend[2].totals).toEqual(r.totals);
    expect((await get("period=month&trend=1")).statusCode).toBe(400);
    expect((await get("period=month&compare=next")).statusCode).toBe(400);
  });

  it("prints the comparison and the trend in the CLI's text report", async () => {
    const out: string[] = [];
    await runReport(app.ctx, ["2025-01-01..2025-02-01", "--compare", "previous", "--trend", "2"], {
      out: (l) => out.push(l),
      err: () => {},
    });
    const text = out.join("\n");
    expect(text).toContain("*Compared with 2024-12-01..2025-01-01*");
    expect(text).toContain("• Leads: 5 vs 1: +4 (+400%)");
    expect(text).toContain("• 2024-12-01..2025-01-01: leads 1");
  });
});
