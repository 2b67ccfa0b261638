// A nurtured lead that turns hot again, end to end through the real app: captured by the generic
// webhook, sent to nurture by a manager's Nurture button, then events that make it hot. With
// `scoring.stages.reenterFromNurture` (default) it comes back as sql and is posted for a claim;
// with it off it stays in nurture with nobody on it.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sign } from "../../../src/intake/signatures.ts";
import { blockAction, HOT_CHANNEL, textInput, viewSubmission } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { MANAGER, RULES, textOf } from "./setup.ts";

const SECRET = "test-webhook-secret";
const withSecret = (extra = "") => `${RULES}
sources: { webhook: { secret: ${SECRET} } }
${extra}`;

describe.each(DB_KINDS)("nurture re-entry (%s)", (kind) => {
  let on: SlackTestApp;
  let off: SlackTestApp;
  beforeAll(async () => {
    on = await startSlackTestApp({ kind, rulesYaml: withSecret() });
    off = await startSlackTestApp({
      kind,
      rulesYaml: withSecret("scoring: { stages: { reenterFromNurture: false } }"),
    });
  });
  afterAll(async () => {
    await on?.close();
    await off?.close();
  });

  async function post(app: SlackTestApp, url: string, body: unknown) {
    const payload = JSON.stringify(body);
    const res = await app.server.inject({
      method: "POST",
      url,
      payload,
      headers: { "content-type": "application/json", ...sign.leadops(SECRET, payload, app.clock.seconds) },
    });
    expect(res.statusCode, res.body).toBeLessThan(300);
    return res.json() as { lead: { id: string; stage: string; grade: string; ownerSlackId: string | null } };
  }

  async function drain(app: SlackTestApp) {
    for (let i = 0; i < 4; i++) {
      app.clock.advance(2_000);
      await app.outbox();
    }
  }

  /** A cold lead, captured and sent back to nurture by a manager. */
  async function nurturedLead(app: SlackTestApp) {
    const email = `back-${Math.random().toString(36).slice(2, 8)}@acme.test`;
    const { lead } = await post(app, "/webhooks/leads", { email, name: "Nora Nurture" });
    expect(lead).toMatchObject({ grade: "cold", ownerSlackId: null });
    await app.interact(
      blockAction({
        userId: MANAGER,
        actionId: "lead_nurture",
        value: lead.id,
        responseUrl: app.fake.responseUrl(),
      }),
    );
    await app.idle();
    const modal = app.fake.callsTo("views.open").at(-1)?.body.view as { private_metadata: string };
    await app.interact(
      viewSubmission({
        userId: MANAGER,
        callbackId: "lead_nurture_modal",
        privateMetadata: modal.private_metadata,
        values: { nurture_reason: textInput("Budget only next year") },
      }),
    );
    await app.idle();
    const row = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row).toMatchObject({ stage: "nurture", ownerSlackId: null });
    await drain(app);
    return { id: lead.id, email };
  }

  /** Events worth 65 points: hot (60) from cold. */
  async function reengage(app: SlackTestApp, email: string) {
    const tag = Math.random().toString(36).slice(2, 8);
    let last: Awaited<ReturnType<typeof post>> | undefined;
    for (const type of ["appointment_booked", "trial_started", "email_replied"]) {
      app.clock.advance(1_000);
      last = await post(app, "/webhooks/events", { id: `${tag}-${type}`, type, email });
    }
    return last!.lead;
  }

  it("a nurtured lead that turns hot comes back as sql, is posted for a claim and audited", async () => {
    const lead = await nurturedLead(on);
    on.fake.clear();
    const reply = await reengage(on, lead.email);
    expect(reply).toMatchObject({ id: lead.id, stage: "sql", grade: "hot" });

    const row = await on.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.stage).toBe("sql");
    // Routed like any new hot lead: the default hot route posts it with a Claim button.
    expect(row.claimDeadlineAt).not.toBeNull();
    await drain(on);
    const posted = on.fake
      .callsTo("chat.postMessage")
      .find((c) => c.body.channel === HOT_CHANNEL && textOf(c.body.blocks).includes(`"value":"${lead.id}"`));
    expect(textOf(posted?.body.blocks)).toContain("lead_claim");

    const transition = await on.db.prisma.leadTransition.findFirst({
      where: { leadId: lead.id, field: "stage", from: "nurture", to: "sql" },
    });
    expect(transition?.reason).toContain("re-entered from nurture");
    const audit = await on.db.prisma.auditLog.findFirst({
      where: { entityId: lead.id, action: "lead.reentered" },
    });
    expect(audit?.data).toMatchObject({ from: "nurture", to: "sql" });
  });

  it("with reenterFromNurture off it stays in nurture, unowned and unposted", async () => {
    const lead = await nurturedLead(off);
    off.fake.clear();
    const reply = await reengage(off, lead.email);
    expect(reply).toMatchObject({ id: lead.id, stage: "nurture", grade: "hot", ownerSlackId: null });
    const row = await off.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row).toMatchObject({ stage: "nurture", ownerSlackId: null, claimDeadlineAt: null });
    await drain(off);
    const posted = off.fake
      .callsTo("chat.postMessage")
      .filter((c) => c.body.channel === HOT_CHANNEL && textOf(c.body.blocks).includes(lead.id));
    expect(posted).toEqual([]);
    expect(
      await off.db.prisma.auditLog.count({ where: { entityId: lead.id, action: "lead.reentered" } }),
    ).toBe(0);
  });
});
