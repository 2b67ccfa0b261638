// Email engagement (GET /api/report/email, `leadops report email`): sends, opens, clicks and
// their rates from seeded email events, in total, by the event's campaign and by the lead's
// segments, worked out by hand below. A figure with no sends behind it is null ("—"), never 0.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReport } from "../../../src/cli/commands/report.ts";
import type { CliIo } from "../../../src/cli/io.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const TOKEN = "test-api-token-0123456789";
const NOW = new Date("2025-03-20T10:00:00Z");
const PERIOD = "2025-03-01..2025-04-01";

// Campaign "spring": sent to L1, L2, L3; L1 opened twice, L2 once; L1 clicked once.
// Campaign "summer": no send given; L3 opened once. No campaign: L2 clicked once.
// Outside the period: a spring send to L1 on 28 Feb. Not email: a page visit by L1.
const EVENTS: [lead: "L1" | "L2" | "L3", type: string, campaign: string | null, day: string][] = [
  ["L1", "email_sent", "spring", "2025-03-03"],
  ["L2", "email_sent", "spring", "2025-03-03"],
  ["L3", "email_sent", "spring", "2025-03-03"],
  ["L1", "email_opened", "spring", "2025-03-04"],
  ["L1", "email_opened", "spring", "2025-03-05"],
  ["L2", "email_opened", "spring", "2025-03-04"],
  ["L1", "email_clicked", "spring", "2025-03-04"],
  ["L3", "email_opened", "summer", "2025-03-10"],
  ["L2", "email_clicked", null, "2025-03-11"],
  ["L1", "email_sent", "spring", "2025-02-28"],
  ["L1", "page_visited", "spring", "2025-03-04"],
];

const figures = (
  sends: number | null,
  opens: number,
  uniqueOpens: number,
  clicks: number,
  uniqueClicks: number,
  rates: [number | null, number | null, number | null],
) => ({
  sends,
  opens,
  uniqueOpens,
  clicks,
  uniqueClicks,
  openRate: rates[0],
  clickRate: rates[1],
  clickToOpenRate: rates[2],
});

describe.each(DB_KINDS)("email engagement (%s)", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ kind, now: () => NOW, env: { LEADOPS_API_TOKEN: TOKEN } });
    const p = app.db.prisma;
    const leads = {
      L1: await p.lead.create({ data: { email: "l1@example.com", segments: ["smb"] } }),
      L2: await p.lead.create({ data: { email: "l2@example.com", segments: ["enterprise", "smb"] } }),
      L3: await p.lead.create({ data: { email: "l3@example.com" } }),
    };
    await p.leadEvent.createMany({
      data: EVENTS.map(([lead, type, campaign, day]) => ({
        leadId: leads[lead].id,
        type,
        properties: campaign ? { campaign } : {},
        occurredAt: new Date(`${day}T12:00:00Z`),
      })),
    });
  });
  afterAll(() => app?.close());

  it("GET /api/report/email: the total, by campaign and by segment", async () => {
    const res = await app.server.inject({
      method: "GET",
      url: `/api/report/email?period=${PERIOD}`,
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.period.label).toBe(PERIOD);
    // 3 sends; opens by L1, L1, L2, L3 (3 leads); clicks by L1, L2. Open rate 3 ÷ 3, CTR 2 ÷ 3, CTOR 2 ÷ 3.
    expect(body.total).toEqual(figures(3, 4, 3, 2, 2, [100, 66.67, 66.67]));
    expect(body.byCampaign).toEqual([
      // 2 of 3 opened, 1 of 3 clicked, 1 of the 2 openers clicked.
      { key: "spring", ...figures(3, 3, 2, 1, 1, [66.67, 33.33, 50]) },
      // No send given: the rates on sends are unknown, not 0; click-to-open is 0 of 1.
      { key: "summer", ...figures(null, 1, 1, 0, 0, [null, null, 0]) },
      { key: null, ...figures(null, 0, 0, 1, 1, [null, null, null]) },
    ]);
    expect(body.bySegment).toEqual([
      // L2 only: its spring send and open, its click without a campaign.
      { key: "enterprise", ...figures(1, 1, 1, 1, 1, [100, 100, 100]) },
      // L1 and L2: 2 sends, opens L1 ×2 + L2, clicks L1 + L2.
      { key: "smb", ...figures(2, 3, 2, 2, 2, [100, 100, 100]) },
      // L3 has no segment: its send and its summer open.
      { key: null, ...figures(1, 1, 1, 0, 0, [100, 0, 0]) },
    ]);
  });

  it("a period with no email events has no sends and no rates (—), and the CLI prints them", async () => {
    const res = await app.server.inject({
      method: "GET",
      url: "/api/report/email?period=2025-01-01..2025-02-01",
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(res.json().total).toEqual(figures(null, 0, 0, 0, 0, [null, null, null]));
    const out: string[] = [];
    const io: CliIo = { out: (l) => out.push(l), err: () => {} };
    expect(await runReport(app.ctx, ["email", PERIOD], io)).toBe(0);
    const text = out.join("\n");
    expect(text).toContain("Total: 3 · 4 (3) · 2 (2) · 100% · 66.7% · 66.7%");
    expect(text).toContain("summer: — · 1 (1) · 0 (0) · — · — · 0%");
    expect(text).toContain("(none): 1 · 1 (1) · 0 (0) · 100% · 0% · 0%");
  });
});
