// The score receipt at the Slack HTTP layer: posted in the lead's thread after the hot post (on
// its own, never merged with the routing note, never ahead of the post), edited in place (one
// message, chat.update) when the score changes, and shown by "Why this score?" on App Home (a
// modal) and in `/leads find` results (a private reply), to members only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordEvent } from "../../../src/flows/record-event.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { formatNumber } from "../../../src/slack/blocks/common.ts";
import { blockAction, HOT_CHANNEL, homeAction, slashCommand } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type RecordedCall, type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MARKETER, OUTSIDER, REPS, RULES, textOf } from "./setup.ts";

const WHY = "lead_why_score";
const isReceipt = (c: RecordedCall) => String(c.body.text ?? "").startsWith("Score receipt for");

describe.each(DB_KINDS)("the score receipt (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });
  const leadRow = (id: string) => app.db.prisma.lead.findUniqueOrThrow({ where: { id } });

  /** Passes a little apart, until the thread replies waiting for tokens went out. */
  async function drain() {
    for (let i = 0; i < 6; i++) {
      app.clock.advance(1_500);
      await app.outbox();
    }
  }

  async function click(payload: unknown) {
    const res = await app.interact(payload);
    expect(res.statusCode).toBe(200);
    await app.idle();
  }

  it("is posted in the lead's thread after the hot post and edited in place when the score changes", async () => {
    const lead = await createHotLead(app);
    await app.db.transaction((tx) =>
      routeReadyLead({ tx, ctx: app.ctx, leadId: lead.id, segments: [], actor: "test" }),
    );
    app.fake.clear();
    await app.outbox();
    // The first pass posts the lead; the receipt (a thread reply) waits for the channel's tokens.
    const first = app.fake.callsTo("chat.postMessage");
    expect(first).toHaveLength(1);
    expect(first[0]?.body.thread_ts).toBeUndefined();
    expect(textOf(first[0]?.body.blocks)).toContain('"action_id":"lead_claim"');
    await drain();

    const posted = await leadRow(lead.id);
    expect(posted.slackTs).not.toBeNull();
    const posts = app.fake.callsTo("chat.postMessage");
    const receipts = posts.filter(isReceipt);
    expect(receipts).toHaveLength(1);
    const receipt = receipts[0] as RecordedCall;
    expect(receipt.body).toMatchObject({ channel: HOT_CHANNEL, thread_ts: posted.slackTs });
    expect(posts.indexOf(receipt)).toBeGreaterThan(0);
    // Its own message: the routing note went out separately.
    expect(textOf(receipt.body.blocks)).not.toContain("How this lead was routed");
    expect(posts.some((p) => textOf(p.body.blocks).includes("How this lead was routed"))).toBe(true);
    expect(posted.receiptThreadTs).toBe(posted.slackTs);
    const stored = app.fake.messagesIn(HOT_CHANNEL).find((m) => m.ts === posted.receiptTs);
    expect(stored?.thread_ts).toBe(posted.slackTs);

    app.fake.clear();
    await recordEvent({
      ctx: app.ctx,
      target: { leadId: lead.id },
      event: { type: "email_replied", externalId: `reply-${lead.id}` },
      actor: "test",
    });
    await drain();
    const after = await leadRow(lead.id);
    expect(app.fake.callsTo("chat.postMessage").filter(isReceipt)).toHaveLength(0);
    const edits = app.fake.callsTo("chat.update").filter((c) => c.body.ts === posted.receiptTs);
    expect(edits).toHaveLength(1);
    expect(edits[0]?.body.channel).toBe(HOT_CHANNEL);
    expect(String(edits[0]?.body.text)).toContain(`total ${formatNumber(after.totalScore)}`);
    expect(textOf(edits[0]?.body.blocks)).toContain("replied");
    expect(after.receiptTs).toBe(posted.receiptTs);

    // A change with nothing to show (the same event again) edits nothing.
    app.fake.clear();
    await recordEvent({
      ctx: app.ctx,
      target: { leadId: lead.id },
      event: { type: "email_replied", externalId: `reply-${lead.id}` },
      actor: "test",
    });
    await drain();
    expect(app.fake.callsTo("chat.update")).toHaveLength(0);
  });

  it("Why this score? opens the receipt in a modal on App Home, for a lead that was never posted", async () => {
    const lead = await createHotLead(app, { grade: "warm", stage: "mql", name: "Never Posted" });
    app.fake.clear();
    await click(homeAction({ userId: REPS[0] as string, actionId: WHY, value: lead.id }));
    const opened = app.fake.callsTo("views.open");
    expect(opened).toHaveLength(1);
    const view = opened[0]?.body.view as { type: string; title: { text: string }; blocks: unknown[] };
    expect(view.type).toBe("modal");
    expect(view.title.text).toBe("Why this score?");
    expect(textOf(view.blocks)).toContain("Why is Never Posted");
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(0);
  });

  it("/leads find results carry the button; it answers privately, and refuses outsiders", async () => {
    const lead = await createHotLead(app, { name: "Findable Person" });
    app.fake.clear();
    const res = await app.send(
      slashCommand({
        userId: MARKETER,
        text: `find ${lead.email}`,
        responseUrl: app.fake.responseUrl("find"),
      }),
      "application/x-www-form-urlencoded",
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    const found = app.fake.callsTo("response_url").find((c) => c.responseId === "find");
    expect(textOf(found?.body.blocks)).toContain(`"action_id":"${WHY}","value":"${lead.id}"`);

    await click(
      blockAction({
        userId: MARKETER,
        actionId: WHY,
        value: lead.id,
        responseUrl: app.fake.responseUrl("why"),
      }),
    );
    const reply = app.fake.callsTo("response_url").find((c) => c.responseId === "why");
    expect(reply?.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(String(reply?.body.text)).toContain("Score receipt for Findable Person");

    await click(
      blockAction({
        userId: OUTSIDER,
        actionId: WHY,
        value: lead.id,
        responseUrl: app.fake.responseUrl("no"),
      }),
    );
    const refused = app.fake.callsTo("response_url").find((c) => c.responseId === "no");
    // Refused as `/leads find` refuses them.
    expect(textOf(refused?.body)).toContain("Only LeadOps reps, managers and marketing");
    expect(textOf(refused?.body)).not.toContain("Score receipt");
    expect(textOf(refused?.body)).not.toContain("Findable Person");
    expect(app.fake.callsTo("views.open")).toHaveLength(0);
  });
});
