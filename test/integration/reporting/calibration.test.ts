// Calibration (issue 16, part 1): the score a lead had when it became MQL is recorded by the live
// scoring path, and GET /api/report/calibration, `leadops report calibration` and
// `/leads report calibration` band the cohort by it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../../src/cli/commands/report.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const TOKEN = "test-api-token-0123456789";
const NOW = new Date("2026-06-15T12:00:00Z");

describe.each(DB_KINDS)("calibration on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind,
      now: () => NOW,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET, LEADOPS_API_TOKEN: TOKEN },
      rulesYaml: `
scoring:
  thresholds: { warm: 30, hot: 60 }
  fit:
    - { id: engineer, when: { field: title, op: eq, value: Engineer }, points: 40 }
  engagement: []
`,
    });
  });
  afterAll(() => app.close());

  const seedCohort = async (band: number, leads: number, toSql: number, rule: string | null) => {
    await app.db.sql.query(
      `WITH l AS (
         INSERT INTO "Lead" (id, email, stage, "mqlAt", "mqlScore", "sqlAt", "updatedAt")
         SELECT gen_random_uuid(), 'b' || $1::int || '-' || i || '@cal.example', 'mql',
           '2026-03-01'::timestamp, $1::float8 + 5, CASE WHEN i <= $3::int THEN '2026-03-02'::timestamp END, now()
         FROM generate_series(1, $2::int) i RETURNING id, email)
       INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", at)
       SELECT gen_random_uuid(), l.id, $4::text, 'fit', 10, 10, '2026-03-01'::timestamp FROM l WHERE $4::text IS NOT NULL`,
      [band, leads, toSql, rule],
    );
  };

  it("records the total score at the moment a live lead becomes MQL", async () => {
    const at = { timestamp: Math.floor(NOW.getTime() / 1000) };
    const ok = await postSigned(
      app.server,
      "/webhooks/leads",
      { email: "eng@cal.example", title: "Engineer" },
      at,
    );
    expect(ok.statusCode).toBeLessThan(300);
    await postSigned(app.server, "/webhooks/leads", { email: "nobody@cal.example" }, at);
    const rows = await app.db.sql.query<{ email: string; mqlScore: number | null; stage: string }>(
      `SELECT email, "mqlScore", stage FROM "Lead" WHERE email IN ('eng@cal.example', 'nobody@cal.example') ORDER BY email`,
    );
    expect(rows).toEqual([
      { email: "eng@cal.example", mqlScore: 40, stage: "mql" },
      { email: "nobody@cal.example", mqlScore: null, stage: "lead" },
    ]);
  });

  it("bands the cohort, with intervals, rule lifts and a suggestion, on the API and the CLI", async () => {
    await seedCohort(30, 40, 20, "webinar");
    await seedCohort(40, 40, 10, null);
    await seedCohort(60, 40, 18, "webinar");
    const res = await app.server.inject({
      method: "GET",
      url: "/api/report/calibration?from=2026-01-01&to=2026-07-01",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    const c = res.json();
    // The live lead (eng@, MQL today at 40) is in the 40–49 band with the seeded 40.
    expect(
      c.bands.map((b: { from: number; leads: number; sql: number }) => [b.from, b.leads, b.sql]),
    ).toEqual([
      [30, 40, 20],
      [40, 41, 10],
      [60, 40, 18],
    ]);
    expect(c.bands[0].toSql).toEqual({ pct: 50, low: 35.2, high: 64.8 });
    expect(c.bands[0].marks).toEqual(["warm"]);
    expect(c.bands[2].marks).toEqual(["hot"]);
    // 30–39 reaches SQL at 50%, at least the hot band's 45%.
    expect(c.suggestions.hot.value).toBe(30);
    const webinar = c.rules.find((r: { rule: string }) => r.rule === "webinar");
    expect(webinar).toMatchObject({ leadsWith: 80, leadsWithout: 41, sqlPctWith: 47.5 });
    expect(c.rules.find((r: { rule: string }) => r.rule === "engineer")).toMatchObject({ leadsWith: 1 });

    const out: string[] = [];
    const code = await runReport(app.ctx, ["calibration", "2026-01-01..2026-07-01"], {
      out: (l) => out.push(l),
      err: () => {},
    });
    expect(code).toBe(0);
    const text = out.join("\n");
    expect(text).toContain("30–39 WARM");
    expect(text).toContain("webinar (fit): to SQL 47.5% with");
    expect(text).toMatch(/hot: 30 — Leads scoring 30–39/);
  });

  it("leaves out forgotten leads and leads outside the period", async () => {
    await app.db.sql.query(`UPDATE "Lead" SET "forgottenAt" = now() WHERE email LIKE 'b60-%'`);
    const res = await app.server.inject({
      method: "GET",
      url: "/api/report/calibration?from=2026-04-01&to=2026-07-01",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    // Only the live lead became MQL after April.
    expect(res.json().leads).toBe(1);
    const all = await app.server.inject({
      method: "GET",
      url: "/api/report/calibration?period=year",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(all.json().bands.map((b: { from: number }) => b.from)).toEqual([30, 40]);
  });
});
