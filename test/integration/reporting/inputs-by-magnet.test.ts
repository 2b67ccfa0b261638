// Inputs per lead magnet and campaign (issue 16, part 2): POST /api/inputs takes an optional
// `leadMagnet` or `campaign`; the report by that grouping reads them (opt-in rate, cost per lead),
// and the source-level figures keep reading only the whole-source inputs.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { JANUARY_NOW, seedJanuary } from "../../fixtures/reporting/january.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const TOKEN = "test-api-token-0123456789";
const auth = { authorization: `Bearer ${TOKEN}` };
const JAN = { periodStart: "2025-01-01", periodEnd: "2025-01-31" };

describe.each(DB_KINDS)("inputs per lead magnet and campaign on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, now: () => JANUARY_NOW, env: { LEADOPS_API_TOKEN: TOKEN } });
    await seedJanuary(app.db);
  });
  afterAll(() => app.close());

  const post = (payload: unknown) =>
    app.server.inject({ method: "POST", url: "/api/inputs", headers: auth, payload: payload as object });
  const report = async (by: string) =>
    (
      await app.server.inject({
        method: "GET",
        url: `/api/report?from=2025-01-01&to=2025-02-01&by=${by}`,
        headers: auth,
      })
    ).json();

  it("keeps per-magnet, per-campaign and whole-source inputs apart", async () => {
    const res = await post([
      { source: "google", ...JAN, visitors: 1000, spend: 500 },
      { source: "google", leadMagnet: "ebook", ...JAN, visitors: 100, spend: 50 },
      { source: "facebook", leadMagnet: "webinar", ...JAN, visitors: 40 },
      { source: "google", campaign: "spring", ...JAN, visitors: 80, spend: 40 },
    ]);
    expect(res.statusCode).toBe(200);
    // The fixture already has google's whole-source January input: it is updated, the rest created.
    expect(res.json()).toMatchObject({ created: 3, updated: 1 });
    expect(res.json().inputs[1]).toMatchObject({
      source: "google",
      leadMagnet: "ebook",

      visitors: 100,
    });
    // Sent again: nothing changes.
    expect(
      (await post({ source: "google", leadMagnet: "ebook", ...JAN, visitors: 100, spend: 50 })).json()
        .unchanged,
    ).toBe(1);
  });

  it("reports opt-in rate and cost per lead by lead magnet and by campaign from their own inputs", async () => {
    const byMagnet = await report("leadMagnet");
    const ebook = byMagnet.groups.find((g: { key: string }) => g.key === "ebook");
    // L1 and L2 are January's ebook leads: 2 of 100 visitors, 50 spent.
    expect(ebook.metrics).toMatchObject({
      leads: 2,
      visitors: 100,
      optInRatePct: 2,
      spend: 50,
      costPerLead: 25,
    });
    const webinar = byMagnet.groups.find((g: { key: string }) => g.key === "webinar");
    expect(webinar.metrics).toMatchObject({ leads: 1, visitors: 40, optInRatePct: 2.5, spend: null });
    // A group without inputs has none (never a share of its source's).
    const none = byMagnet.groups.find((g: { key: string | null }) => g.key === null);
    expect(none.metrics.visitors).toBeNull();

    const byCampaign = await report("campaign");
    const spring = byCampaign.groups.find((g: { key: string }) => g.key === "spring");
    expect(spring.metrics).toMatchObject({ leads: 2, visitors: 80, optInRatePct: 2.5, costPerLead: 20 });
  });

  it("leaves the source figures on the whole-source inputs", async () => {
    const bySource = await report("source");
    const google = bySource.groups.find((g: { key: string }) => g.key === "google");
    expect(google.metrics).toMatchObject({ visitors: 1000, spend: 500 });
    const sourceVisitors = bySource.sources.reduce(
      (n: number, s: { visitors: number | null }) => n + (s.visitors ?? 0),
      0,
    );
    expect(bySource.totals.visitors).toBe(sourceVisitors);
    expect(bySource.sources.find((s: { source: string }) => s.source === "google").visitors).toBe(1000);
  });

  it("refuses an input for a lead magnet and a campaign at once, naming the field", async () => {
    const res = await post({
      source: "google",
      leadMagnet: "ebook",
      campaign: "spring",
      ...JAN,
      visitors: 1,
    });
    expect(res.statusCode).toBe(400);
    expect(JSON.stringify(res.json().error.details)).toContain("campaign");
  });
});
