// Forget is complete (issue 15): every Slack message already sent about the lead (hot post, thread
// replies, the owner's DM, the managers' and marketing's notices) is rewritten with chat.update to
// a neutral text, through the outbox, so a Slack error on the first try does not lose it; the free
// text typed about the lead (dispute, lost detail, nurture reason) is cleared; and a Calendly
// event id that held the email holds a hash instead.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { forgetLead } from "../../../src/flows/forget-lead.ts";
import { fallbackId } from "../../../src/intake/sources/calendly.ts";
import { FORGOTTEN_TEXT } from "../../../src/slack/blocks/forgotten.ts";
import { encodeModalMetadata } from "../../../src/slack/blocks/modal.ts";
import { BLOCK, VIEW } from "../../../src/slack/ids.ts";
import { blockAction, slashCommand, textInput, viewSubmission } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, queueHotPost, REPS, RULES } from "./setup.ts";

const REP = REPS[0] as string;
const SECRETS = ["junk-secret-words", "nurture-secret-words", "lost-secret-words"];

describe.each(DB_KINDS)("forgetting a lead Slack was told about, on %s", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  }, 120_000);
  afterAll(async () => {
    await app?.close();
  });

  async function drain() {
    for (let i = 0; i < 30; i++) {
      app.clock.advance(5_000);
      await app.outbox();
      const waiting = await app.db.prisma.outboxMessage.count({
        where: { status: { in: ["pending", "sending"] } },
      });
      if (waiting === 0) return;
    }
    throw new Error("the outbox did not drain");
  }

  it("rewrites every message sent about the lead, clears the reasons and the email in event ids", async () => {
    const lead = await createHotLead(app);
    const { name, email } = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    await queueHotPost(app.db, lead.id);
    await drain();
    // Claimed (post updated, thread reply), disputed, then sent to nurture.
    const respond = app.fake.responseUrl();
    await app.interact(
      blockAction({ userId: REP, actionId: "lead_claim", value: lead.id, responseUrl: respond }),
    );
    await app.idle();
    expect(await app.db.prisma.assignment.count({ where: { leadId: lead.id, repSlackId: REP } })).toBe(1);
    await app.send(
      slashCommand({ userId: REP, text: `dispute ${email} ${SECRETS[0]}`, responseUrl: respond }),
      "application/x-www-form-urlencoded",
    );
    await app.idle();
    await app.interact(
      viewSubmission({
        userId: REP,
        callbackId: VIEW.nurture,
        privateMetadata: encodeModalMetadata({ leadId: lead.id, channel: null, ts: null }),
        values: { [BLOCK.nurtureReason]: textInput(SECRETS[1] as string) },
      }),
    );
    await app.idle();
    await app.db.prisma.outcome.create({
      data: { leadId: lead.id, kind: "lost", reason: `Price: ${SECRETS[2]}`, occurredAt: app.clock.now() },
    });
    // A Calendly event stored before its fallback id was hashed.
    const oldId = `calendly:invitee.created:${email}:https://api.calendly.com/scheduled_events/X:2026-01-01T10:00:00Z`;
    await app.db.prisma.leadEvent.create({
      data: {
        leadId: lead.id,
        type: "appointment_booked",
        source: "calendly",
        externalId: oldId,
        occurredAt: app.clock.now(),
      },
    });
    await drain();

    const sentRows = await app.db.prisma.outboxMessage.findMany({
      where: { leadId: lead.id, status: "sent" },
    });
    const sent = new Set(
      sentRows.flatMap((r) => {
        const res = r.result as { channel?: string; ts?: string } | null;
        return res?.channel && res.ts ? [`${res.channel} ${res.ts}`] : [];
      }),
    );
    const kinds = new Set(sentRows.map((r) => r.kind));
    for (const k of ["hot_lead_post", "lead_thread", "dispute_opened", "nurture_notice"])
      expect(kinds, [...kinds].join(",")).toContain(k);
    // The post and its update share one ts: post, thread reply, dispute and nurture notices.
    expect(sent.size).toBeGreaterThanOrEqual(4);

    app.fake.clear();
    // Slack fails the first rewrite: the outbox tries it again.
    app.fake.script("chat.update", { status: 503 });
    const forgotten = await forgetLead({ db: app.db, email, actor: "U0MANAGER", now: app.clock.now() });
    expect(forgotten.slackMessages).toBe(sent.size);
    await drain();

    const updates = app.fake.callsTo("chat.update").filter((c) => !c.body.__scripted);
    const rewritten = new Set(updates.map((c) => `${String(c.body.channel)} ${String(c.body.ts)}`));
    for (const m of sent) expect(rewritten, m).toContain(m);
    for (const u of updates) expect(u.body.text).toBe(FORGOTTEN_TEXT);
    expect(app.fake.callsTo("chat.update").some((c) => c.body.__scripted)).toBe(true);
    // What Slack now shows names nobody.
    for (const channel of new Set([...sent].map((m) => m.split(" ")[0] as string))) {
      const shown = JSON.stringify(app.fake.messagesIn(channel));
      for (const word of [email, String(name), ...SECRETS]) expect(shown, channel).not.toContain(word);
    }

    // The free text is gone; the facts stay.
    const after = await app.db.prisma.lead.findUniqueOrThrow({
      where: { id: lead.id },
      include: { outcomes: true, transitions: true, disputes: true, events: true },
    });
    expect([after.nurtureReason, after.lostReason]).toEqual([null, null]);
    expect(after.stage).toBe("nurture");
    expect(after.outcomes.map((o) => o.reason)).toEqual(after.outcomes.map(() => null));
    expect(after.transitions.every((t) => t.field !== "stage" || t.reason === null)).toBe(true);
    expect(after.disputes.map((d) => d.reason)).toEqual([""]);
    const everything = JSON.stringify(
      {
        audit: await app.db.prisma.auditLog.findMany(),
        outbox: await app.db.prisma.outboxMessage.findMany({ where: { leadId: lead.id } }),
        after,
      },
      (_k, v) => (typeof v === "bigint" ? String(v) : v),
    );
    for (const word of [email, ...SECRETS]) expect(everything).not.toContain(word);
    // The Calendly id is the hash the intake now builds, so a retry still dedupes.
    const calendly = after.events.find((e) => e.source === "calendly");
    expect(calendly?.externalId).toBe(
      `calendly:invitee.created:${fallbackId(email, "https://api.calendly.com/scheduled_events/X", "2026-01-01T10:00:00Z")}`,
    );
  });
});
