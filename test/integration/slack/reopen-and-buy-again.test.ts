// Two moves of the lifecycle table through the real app: a manager reopens a lost lead (Reopen on
// its post; a rep is refused), and a customer buys again (Won again on its post), which the
// report's purchases per customer and customer lifetime value count.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildReport } from "../../../src/flows/build-report.ts";
import {
  blockAction,
  datePicker,
  HOT_CHANNEL,
  numberInput,
  select,
  textInput,
  viewSubmission,
} from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MANAGER, queueHotPost, REPS, RULES, textOf } from "./setup.ts";

const OWNER = REPS[7] as string;

describe.each(DB_KINDS)("reopen and buy again (%s)", (kind) => {
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

  async function click(userId: string, actionId: string, leadId: string) {
    const id = `${userId}-${actionId}-${Math.random().toString(36).slice(2, 6)}`;
    const res = await app.interact(
      blockAction({ userId, actionId, value: leadId, responseUrl: app.fake.responseUrl(id) }),
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  async function submit(userId: string, callbackId: string, values: Record<string, Record<string, unknown>>) {
    const modal = app.fake.callsTo("views.open").at(-1)?.body.view as { private_metadata: string };
    const res = await app.interact(
      viewSubmission({ userId, callbackId, privateMetadata: modal.private_metadata, values }),
    );
    await app.idle();
    return res;
  }

  async function claimedLead() {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    await drain();
    await click(OWNER, "lead_claim", lead.id);
    await drain();
    return app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
  }

  const lead = (id: string) => app.db.prisma.lead.findUniqueOrThrow({ where: { id } });

  it("a manager reopens a lost lead: back to sql, loss cleared, routed again, audited; a rep may not", async () => {
    const claimed = await claimedLead();
    await click(OWNER, "lead_lost", claimed.id);
    await submit(OWNER, "lead_lost_modal", {
      lost_reason: select("competitor", "Chose a competitor"),
      lost_detail: textInput(null),
    });
    app.fake.clear();
    await drain();
    const lostPost = app.fake.callsTo("chat.update").find((c) => c.body.ts === claimed.slackTs);
    expect(textOf(lostPost?.body.blocks)).toContain("lead_reopen");

    const refused = await click(OWNER, "lead_reopen", claimed.id);
    expect(String(refused?.text)).toContain("Only managers can do that.");
    expect((await lead(claimed.id)).lostAt).not.toBeNull();

    app.fake.clear();
    const reply = await click(MANAGER, "lead_reopen", claimed.id);
    expect(String(reply?.text)).toContain("Reopened as sql");
    const reopened = await app.db.prisma.lead.findUniqueOrThrow({
      where: { id: claimed.id },
      include: { assignments: { where: { endedAt: null } } },
    });
    expect(reopened).toMatchObject({ stage: "sql", lostAt: null, lostReason: null });
    // Routed like any sales-ready lead: rescored without events it is no longer hot, so the
    // default routes assign it at once by round robin.
    expect(reopened.ownerSlackId).not.toBeNull();
    expect(reopened.assignments.map((a) => a.repSlackId)).toEqual([reopened.ownerSlackId]);
    expect(String(reply?.text)).toContain(`assigned to <@${reopened.ownerSlackId}>`);
    await drain();
    const dm = app.fake
      .callsTo("chat.postMessage")
      .find(
        (c) => textOf(c.body.blocks).includes(`"value":"${claimed.id}"`) && c.body.channel !== HOT_CHANNEL,
      );
    expect(dm).toBeDefined();
    const audit = await app.db.prisma.auditLog.findFirst({
      where: { entityId: claimed.id, action: "lead.reopened", actor: MANAGER },
    });
    expect(audit?.data).toMatchObject({ from: "sql", to: "sql", previousOwner: OWNER });
    // The loss happened: its Outcome stays for the report.
    expect(await app.db.prisma.outcome.count({ where: { leadId: claimed.id, kind: "lost" } })).toBe(1);

    // Only a lost lead can be reopened.
    const again = await click(MANAGER, "lead_reopen", claimed.id);
    expect(String(again?.text)).toContain("reopen does not apply");
  });

  it("a customer buys again: another won Outcome, counted by purchases per customer and CLV", async () => {
    const claimed = await claimedLead();
    const today = app.clock.now().toISOString().slice(0, 10);
    const won = (amount: string) =>
      submit(OWNER, "lead_won_modal", {
        won_amount: numberInput(amount),
        won_currency: select("USD"),
        won_close_date: datePicker(today),
      });
    await click(OWNER, "lead_won", claimed.id);
    await won("1000");
    const first = await lead(claimed.id);
    expect(first.stage).toBe("customer");
    // The same first-win form submitted twice (two people, or a double click) is one win.
    await won("1000");
    expect(await app.db.prisma.outcome.count({ where: { leadId: claimed.id, kind: "won" } })).toBe(1);
    app.fake.clear();
    await drain();
    const wonPost = app.fake.callsTo("chat.update").find((c) => c.body.ts === claimed.slackTs);
    expect(textOf(wonPost?.body.blocks)).toContain("Won again");

    app.clock.advance(60_000);
    await click(OWNER, "lead_won", claimed.id);
    expect(app.fake.callsTo("views.open").at(-1)?.body.view).toMatchObject({
      callback_id: "lead_won_modal",
      title: { text: "Won again" },
    });
    await won("500");
    const after = await app.db.prisma.lead.findUniqueOrThrow({
      where: { id: claimed.id },
      include: { outcomes: { orderBy: { createdAt: "asc" } } },
    });
    expect(after.stage).toBe("customer");
    expect(after.convertedAt).toEqual(first.convertedAt);
    expect(after.outcomes.map((o) => [o.kind, Number(o.amount)])).toEqual([
      ["won", 1000],
      ["won", 500],
    ]);
    expect(
      await app.db.prisma.auditLog.count({ where: { entityId: claimed.id, action: "lead.bought_again" } }),
    ).toBe(1);

    // This is the only lead won in this app: one customer, two purchases, average deal 750.
    const from = new Date(`${today}T00:00:00Z`);
    const report = await buildReport({
      db: app.db,
      period: { from, to: new Date(from.getTime() + 86_400_000), timeZone: "UTC", label: today },
      now: app.clock.now(),
    });
    expect(report.totals).toMatchObject({
      wins: 2,
      averageDealSize: 750,
      purchasesPerCustomer: 2,
      customerLifetimeValue: 1500,
    });
  });
});
