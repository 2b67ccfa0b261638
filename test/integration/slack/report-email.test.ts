// `/leads report email [period]`: managers and marketing get the email engagement privately
// (total, by campaign, by segment); a rep is refused. Faked at Slack's HTTP layer.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { slashCommand } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp, TestClock } from "../../helpers/slack.ts";
import { MARKETER, REPS, RULES, textOf } from "./setup.ts";

describe.each(DB_KINDS)("/leads report email (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({
      kind,
      rulesYaml: RULES,
      clock: new TestClock(Date.parse("2025-03-15T12:00:00Z")),
    });
    const p = app.db.prisma;
    const lead = await p.lead.create({ data: { email: "reader@example.com", segments: ["smb"] } });
    const at = (d: string) => new Date(`2025-03-${d}T09:00:00Z`);
    await p.leadEvent.createMany({
      data: [
        { leadId: lead.id, type: "email_sent", properties: { campaign: "spring" }, occurredAt: at("03") },
        { leadId: lead.id, type: "email_sent", properties: { campaign: "spring" }, occurredAt: at("04") },
        { leadId: lead.id, type: "email_opened", properties: { campaign: "spring" }, occurredAt: at("05") },
      ],
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function command(userId: string, text: string) {
    const id = `${userId}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await app.send(
      slashCommand({ userId, text, responseUrl: app.fake.responseUrl(id) }),
      "application/x-www-form-urlencoded",
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  it("marketing gets the figures by campaign and segment; a rep is refused", async () => {
    const reply = await command(MARKETER, "report email month");
    expect(reply?.response_type).toBe("ephemeral");
    const text = textOf(reply?.blocks);
    expect(text).toContain("LeadOps email engagement");
    // 2 sends, 1 lead opened once: open rate 50 %, no clicks: CTR 0 %, click-to-open 0 %.
    expect(text).toContain("spring");
    expect(text).toContain(
      "2 sent · 1 opened (1 opens) · 0 clicked (0 clicks) · open 50% · CTR 0% · CTOR 0%",
    );
    expect(text).toContain("smb");

    const refused = await command(REPS[0] as string, "report email");
    expect(String(refused?.text)).toContain("Only managers and marketing");
  });
});
