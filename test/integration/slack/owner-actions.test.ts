// The owner's buttons on a claimed lead and the modals behind them: who may use them, inline
// validation errors, what is stored, and the post updated in place.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  blockAction,
  datePicker,
  numberInput,
  select,
  slashCommand,
  textInput,
  viewSubmission,
} from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MANAGER, queueHotPost, REPS, RULES, textOf } from "./setup.ts";

const OWNER = REPS[5] as string;
const OTHER = REPS[6] as string;

describe.each(DB_KINDS)("owner actions (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function drain() {
    for (let i = 0; i < 4; i++) {
      app.clock.advance(2_000);
      await app.outbox();
    }
  }

  /** A lead posted to the hot channel and claimed by OWNER, with the outbox drained. */
  async function claimedLead() {
    // Created on the test's clock: a Won close date of today is the clock's now.
    const lead = await createHotLead(app, { createdAt: app.clock.now() });
    await queueHotPost(app.db, lead.id);
    await drain();
    await click(OWNER, "lead_claim", lead.id);
    await drain();
    return app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
  }

  async function click(userId: string, actionId: string, leadId: string) {
    const id = `${userId}-${actionId}-${Math.random().toString(36).slice(2, 6)}`;
    const res = await app.interact(
      blockAction({ userId, actionId, value: leadId, responseUrl: app.fake.responseUrl(id) }),
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  async function submit(
    userId: string,
    callbackId: string,
    privateMetadata: string,
    values: Record<string, Record<string, unknown>>,
  ) {
    const res = await app.interact(viewSubmission({ userId, callbackId, privateMetadata, values }));
    await app.idle();
    return res;
  }

  function lastModal() {
    const open = app.fake.callsTo("views.open").at(-1);
    return open?.body.view as { callback_id: string; private_metadata: string; blocks: unknown[] };
  }

  it("only the owner or a manager may use the buttons; Contacted records the first response", async () => {
    const lead = await claimedLead();
    const refused = await click(OTHER, "lead_contacted", lead.id);
    expect(String(refused?.text)).toContain(`Only the owner can do that; this lead belongs to <@${OWNER}>`);
    expect((await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).contactedAt).toBeNull();

    app.fake.clear();
    app.clock.advance(90_000);
    await click(OWNER, "lead_contacted", lead.id);
    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.contactedAt).toEqual(app.clock.now());
    expect(after.firstResponseAt).toEqual(app.clock.now());
    await drain();
    const [update] = app.fake.callsTo("chat.update");
    expect(update?.body.ts).toBe(lead.slackTs);
    expect(textOf(update?.body.blocks)).toContain(`contacted by <@${OWNER}>`);
  });

  it("CHAMP: inline errors for missing answers, then stores every answer and posts a summary in the thread", async () => {
    const lead = await claimedLead();
    app.fake.clear();
    await click(OWNER, "lead_qualify", lead.id);
    const modal = lastModal();
    expect(modal.callback_id).toBe("lead_qualify_modal");
    const labels = textOf(modal.blocks);
    for (const label of ["Challenges", "Authority", "Money", "Prioritization", "Notes"])
      expect(labels).toContain(`"text":"${label}`);

    const partial = await submit(OWNER, "lead_qualify_modal", modal.private_metadata, {
      "qual_field:challenges": select("clear_fit"),
      "qual_field:authority": { type: "static_select", selected_option: null },
      "qual_field:money": select("allocated"),
      "qual_field:prioritization": select("this_quarter"),
      qual_notes: textInput(null),
    });
    expect(partial.statusCode).toBe(200);
    expect(partial.json()).toEqual({
      response_action: "errors",
      errors: { "qual_field:authority": "Authority is required" },
    });
    expect(await app.db.prisma.qualification.count({ where: { leadId: lead.id } })).toBe(0);

    const ok = await submit(OWNER, "lead_qualify_modal", modal.private_metadata, {
      "qual_field:challenges": select("clear_fit", "Clear pain we solve well"),
      "qual_field:authority": select("decision_maker", "Talking to the decision maker"),
      "qual_field:money": select("allocated"),
      "qual_field:prioritization": select("this_quarter"),
      qual_notes: textInput("Budget signed off in March"),
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe("");
    const q = await app.db.prisma.qualification.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(q).toMatchObject({
      framework: "champ",
      byUserId: OWNER,
      points: 40,
      qualified: true,
      notes: "Budget signed off in March",
    });
    expect(q.answers).toMatchObject({
      challenges: { value: "clear_fit", label: "Clear pain we solve well", points: 10, by: OWNER },
      authority: { value: "decision_maker", by: OWNER },
    });
    await drain();
    const thread = app.fake.callsTo("chat.postMessage").find((c) => c.body.thread_ts === lead.slackTs);
    expect(String(thread?.body.text)).toContain("CHAMP qualification");
    expect(textOf(thread?.body.blocks)).toContain("Budget signed off in March");
  });

  it("/leads qualify <email> opens the same modal", async () => {
    const lead = await claimedLead();
    app.fake.clear();
    await app.send(
      slashCommand({ userId: OWNER, text: `qualify ${lead.email}`, responseUrl: app.fake.responseUrl() }),
      "application/x-www-form-urlencoded",
    );
    await app.idle();
    expect(lastModal().callback_id).toBe("lead_qualify_modal");
    expect(JSON.parse(lastModal().private_metadata).l).toBe(lead.id);
  });

  it("Won: invalid amount is an inline error; a valid one closes the lead as a customer", async () => {
    const lead = await claimedLead();
    app.fake.clear();
    await click(OWNER, "lead_won", lead.id);
    const modal = lastModal();
    expect(modal.callback_id).toBe("lead_won_modal");
    const today = app.clock.now().toISOString().slice(0, 10);
    const bad = await submit(OWNER, "lead_won_modal", modal.private_metadata, {
      won_amount: numberInput("-5"),
      won_currency: select("EUR"),
      won_close_date: datePicker(today),
    });
    expect(bad.json()).toMatchObject({
      response_action: "errors",
      errors: { won_amount: expect.any(String) },
    });
    // A close date before the lead was created is refused on the date block; nothing is stored.
    const created = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    const dayBefore = new Date(created.createdAt.getTime() - 86_400_000).toISOString().slice(0, 10);
    const early = await submit(OWNER, "lead_won_modal", modal.private_metadata, {
      won_amount: numberInput("100"),
      won_currency: select("EUR"),
      won_close_date: datePicker(dayBefore),
    });
    expect(early.json()).toEqual({
      response_action: "errors",
      errors: {
        won_close_date: `The close date cannot be before the lead was created (${created.createdAt.toISOString().slice(0, 10)}, UTC)`,
      },
    });
    expect(await app.db.prisma.outcome.count({ where: { leadId: lead.id, kind: "won" } })).toBe(0);
    app.clock.advance(60_000);
    const good = await submit(OWNER, "lead_won_modal", modal.private_metadata, {
      won_amount: numberInput("12500.50"),
      won_currency: select("EUR"),
      won_close_date: datePicker(app.clock.now().toISOString().slice(0, 10)),
    });
    expect(good.statusCode).toBe(200);
    const after = await app.db.prisma.lead.findUniqueOrThrow({
      where: { id: lead.id },
      include: { outcomes: true },
    });
    expect(after.stage).toBe("customer");
    // Today means now: not the midnight before the lead was created.
    expect(after.convertedAt?.toISOString()).toBe(app.clock.now().toISOString());
    expect(after.outcomes[0]?.occurredAt.getTime()).toBeGreaterThan(created.createdAt.getTime());
    expect(after.outcomes[0]).toMatchObject({ kind: "won", currency: "EUR", byUserId: OWNER });
    expect(Number(after.outcomes[0]?.amount)).toBe(12500.5);
    await drain();
    expect(textOf(app.fake.callsTo("chat.update").at(-1)?.body.blocks)).toContain(`won by <@${OWNER}>`);
    // Closed: further owner actions are refused.
    expect(String((await click(OWNER, "lead_contacted", lead.id))?.text)).toContain("already closed");
  });

  it("a manager may mark someone's lead lost", async () => {
    const lead = await claimedLead();
    await click(MANAGER, "lead_lost", lead.id);
    const modal = lastModal();
    expect(modal.callback_id).toBe("lead_lost_modal");
    await submit(MANAGER, "lead_lost_modal", modal.private_metadata, {
      lost_reason: select("competitor", "Chose a competitor"),
      lost_detail: textInput("Went with the incumbent"),
    });
    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.lostAt).toEqual(app.clock.now());
    expect(after.lostReason).toBe("Chose a competitor: Went with the incumbent");
    // A manager's action is not the owner's first response.
    expect(after.firstResponseAt).toBeNull();
  });

  it("Release clears the owner, ends the assignment and re-posts the lead for a claim", async () => {
    const lead = await claimedLead();
    app.fake.clear();
    const reply = await click(OWNER, "lead_release", lead.id);
    expect(String(reply?.text)).toContain("Released");
    const after = await app.db.prisma.lead.findUniqueOrThrow({
      where: { id: lead.id },
      include: { assignments: true },
    });
    expect(after.ownerSlackId).toBeNull();
    expect(after.assignments.every((a) => a.endedAt !== null && a.endReason === "released")).toBe(true);
    await drain();
    const update = app.fake.callsTo("chat.update").find((c) => c.body.ts === lead.slackTs);
    expect(textOf(update?.body.blocks)).toContain(`released by <@${OWNER}>`);
    expect(textOf(update?.body.blocks)).not.toContain("lead_claim");
    const repost = app.fake
      .callsTo("chat.postMessage")
      .find((c) => textOf(c.body.blocks).includes(`"value":"${lead.id}"`));
    expect(textOf(repost?.body.blocks)).toContain("lead_claim");
    const moved = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(moved.slackTs).not.toBe(lead.slackTs);
    // Someone else can claim it now.
    await click(OTHER, "lead_claim", lead.id);
    expect((await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerSlackId).toBe(OTHER);
  });

  it("Nurture needs a reason, moves the lead to nurture and tells marketing", async () => {
    const lead = await claimedLead();
    app.fake.clear();
    await click(OWNER, "lead_nurture", lead.id);
    const modal = lastModal();
    const short = await submit(OWNER, "lead_nurture_modal", modal.private_metadata, {
      nurture_reason: textInput("no"),
    });
    expect(short.json()).toMatchObject({
      response_action: "errors",
      errors: { nurture_reason: expect.any(String) },
    });
    await submit(OWNER, "lead_nurture_modal", modal.private_metadata, {
      nurture_reason: textInput("Not ready until next quarter's budget"),
    });
    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after).toMatchObject({
      stage: "nurture",
      ownerSlackId: null,
      nurtureReason: "Not ready until next quarter's budget",
    });
    await drain();
    const notice = app.fake.callsTo("chat.postMessage").find((c) => c.body.channel === "C0MKT0001");
    expect(String(notice?.body.text)).toContain(`sent back to nurture by <@${OWNER}>`);
  });
});
