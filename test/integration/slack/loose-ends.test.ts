// Loose ends of the Slack runtime and routing: first response only from the owner, junk
// disputes and unpause from Slack (with the managers' notices), the routing explanation in the
// lead's thread, a claim ending the fallback assignment, and `/leads away until DATE` in the
// rep's time zone.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markLost } from "../../../src/flows/mark-lost.ts";
import { markWon } from "../../../src/flows/mark-won.ts";
import { nurtureLead } from "../../../src/flows/nurture-lead.ts";
import { recordContact } from "../../../src/flows/record-contact.ts";
import { releaseLead } from "../../../src/flows/release-lead.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { submitQualification } from "../../../src/flows/submit-qualification.ts";
import { run as slaCheck } from "../../../src/jobs/sla-check.ts";
import { bumpRepCounters } from "../../../src/store/reps/bump-rep-counters.ts";
import { blockAction, slashCommand } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp, TestClock } from "../../helpers/slack.ts";
import { AWAY_REP, createHotLead, MANAGER, queueHotPost, REPS, RULES, textOf } from "./setup.ts";

const OWNER = REPS[10] as string;
const OTHER = REPS[11] as string;
const NY_REP = "U0NYREP";
const TOKYO_REP = "U0TOKYO";
const MANAGERS_CHANNEL = "C0MGR0001";

// The shared team, plus one rep in New York and one who takes the default zone (Tokyo).
const TZ_RULES = `${RULES}  - { slackId: ${NY_REP}, name: NY Rep, timezone: America/New_York }
  - { slackId: ${TOKYO_REP}, name: Tokyo Rep }
routing: { defaultTimezone: Asia/Tokyo }
`;

describe.each(DB_KINDS)("Slack loose ends (%s)", (kind) => {
  let app: SlackTestApp;
  // Monday 2025-03-03 21:30 in New York, already Tuesday 02:30 in UTC.
  const clock = new TestClock(Date.parse("2025-03-04T02:30:00Z"));
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: TZ_RULES, clock });
  });
  afterAll(async () => {
    await app?.close();
  });
  const prisma = () => app.db.prisma;

  async function drain() {
    for (let i = 0; i < 4; i++) {
      app.clock.advance(2_000);
      await app.outbox();
    }
  }

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

  async function click(userId: string, actionId: string, leadId: string) {
    const id = `${userId}-${actionId}-${Math.random().toString(36).slice(2, 6)}`;
    const res = await app.interact(
      blockAction({ userId, actionId, value: leadId, responseUrl: app.fake.responseUrl(id) }),
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    return app.fake.callsTo("response_url").find((c) => c.responseId === id)?.body;
  }

  /** A lead the routing rules gave to `owner` (an open assignment in pool "all"). */
  async function ownedLead(owner: string) {
    // Created on the test's clock, which the actions' close dates and stamps follow.
    const lead = await createHotLead(app, {
      ownerSlackId: owner,
      assignedAt: app.clock.now(),
      createdAt: app.clock.now(),
    });
    await prisma().assignment.create({
      data: {
        leadId: lead.id,
        repSlackId: owner,
        method: "round_robin",
        route: "default",
        pool: "all",
        createdAt: app.clock.now(),
      },
    });
    return lead;
  }

  const leadRow = (id: string) => prisma().lead.findUniqueOrThrow({ where: { id } });
  const breaches = async (slackId: string) =>
    (await prisma().rep.findUniqueOrThrow({ where: { slackId } })).slaBreaches;

  it("first response: only the owner's own action stamps it, once; a manager's or Release does not", async () => {
    const ctx = app.ctx;
    await prisma().rep.update({ where: { slackId: OWNER }, data: { slaBreaches: 2 } });

    // A manager closing the owner's lead is not the owner responding.
    const byManager = await ownedLead(OWNER);
    await markLost({ ctx, leadId: byManager.id, actor: MANAGER, reason: "No budget" });
    expect((await leadRow(byManager.id)).firstResponseAt).toBeNull();
    expect(await breaches(OWNER)).toBe(2);

    // Release hands the lead back; it is not a response either.
    const released = await ownedLead(OWNER);
    await releaseLead({ ctx, leadId: released.id, actor: OWNER, reason: "wrong territory" });
    expect((await leadRow(released.id)).firstResponseAt).toBeNull();
    expect(await breaches(OWNER)).toBe(2);

    // A manager's qualification is not the owner's response; the owner's is.
    const qualified = await ownedLead(OWNER);
    const answers = {
      challenges: "clear_fit",
      authority: "decision_maker",
      money: "allocated",
      prioritization: "this_quarter",
    };
    await submitQualification({ ctx, actor: MANAGER, leadId: qualified.id, answers });
    expect((await leadRow(qualified.id)).firstResponseAt).toBeNull();
    app.clock.advance(1_000);
    await submitQualification({ ctx, actor: OWNER, leadId: qualified.id, answers });
    expect((await leadRow(qualified.id)).firstResponseAt).toEqual(app.clock.now());

    // The owner's Contacted: stamped now, and (within the SLA) the breach count starts again.
    const contacted = await ownedLead(OWNER);
    app.clock.advance(60_000);
    const firstAt = app.clock.now();
    await recordContact({ ctx, leadId: contacted.id, actor: OWNER });
    expect((await leadRow(contacted.id)).firstResponseAt).toEqual(firstAt);
    expect(await breaches(OWNER)).toBe(0);
    // A later owner action (Won) keeps the first stamp.
    app.clock.advance(60_000);
    await markWon({
      ctx,
      leadId: contacted.id,
      actor: OWNER,
      input: { amount: 1000, currency: "USD", closedAt: app.clock.now() },
    });
    expect((await leadRow(contacted.id)).firstResponseAt).toEqual(firstAt);

    // Each other owner action is a first response on its own.
    for (const act of [
      (leadId: string) => markLost({ ctx, leadId, actor: OWNER, reason: "Went with a competitor" }),
      (leadId: string) =>
        markWon({
          ctx,
          leadId,
          actor: OWNER,
          input: { amount: 5, currency: "EUR", closedAt: app.clock.now() },
        }),
      (leadId: string) => nurtureLead({ ctx, leadId, actor: OWNER, reason: "not ready yet" }),
    ]) {
      const lead = await ownedLead(OWNER);
      app.clock.advance(1_000);
      await act(lead.id);
      expect((await leadRow(lead.id)).firstResponseAt).toEqual(app.clock.now());
    }

    // A breached assignment: the response is recorded, but the breach count is not forgiven.
    await prisma().rep.update({ where: { slackId: OWNER }, data: { slaBreaches: 1 } });
    const late = await ownedLead(OWNER);
    await prisma().assignment.updateMany({
      where: { leadId: late.id },
      data: { breachedAt: app.clock.now() },
    });
    await recordContact({ ctx, leadId: late.id, actor: OWNER });
    expect((await leadRow(late.id)).firstResponseAt).toEqual(app.clock.now());
    expect(await breaches(OWNER)).toBe(1);
  });

  it("/leads dispute, then a manager approves; the managers' channel is told; refusals say why", async () => {
    const lead = await ownedLead(OWNER);
    await drain();
    app.fake.clear();

    const usage = await command(OWNER, `dispute ${lead.email}`);
    expect(usage?.response_type).toBe("ephemeral");
    expect(String(usage?.text)).toContain("Say which lead and why");

    const stranger = await command(OTHER, `dispute ${lead.email} fake company`);
    expect(stranger?.response_type).toBe("ephemeral");
    expect(String(stranger?.text)).toContain("only dispute a lead you were given");

    const opened = await command(
      OWNER,
      `dispute <mailto:${lead.email}|${lead.email}> fake company, no website`,
    );
    expect(String(opened?.text)).toContain("Dispute opened");
    const dispute = await prisma().dispute.findFirstOrThrow({ where: { leadId: lead.id } });
    expect(dispute).toMatchObject({ repSlackId: OWNER, status: "open", reason: "fake company, no website" });
    expect(String((await command(OWNER, `dispute ${lead.id} again`))?.text)).toContain("already disputed");

    await drain();
    const notice = app.fake
      .callsTo("chat.postMessage")
      .find((c) => c.body.channel === MANAGERS_CHANNEL && textOf(c.body).includes("Junk dispute"));
    expect(notice).toBeDefined();
    expect(textOf(notice?.body)).toContain(`<@${OWNER}>`);
    expect(textOf(notice?.body)).toContain(`/leads approve ${dispute.id}`);
    expect(textOf(notice?.body)).toContain("fake company, no website");

    const refused = await command(OWNER, `approve ${dispute.id}`);
    expect(refused?.response_type).toBe("ephemeral");
    expect(String(refused?.text)).toContain("Only managers can do that.");
    expect((await prisma().dispute.findUniqueOrThrow({ where: { id: dispute.id } })).status).toBe("open");

    // By the lead's email: its one open dispute.
    const approved = await command(MANAGER, `approve ${lead.email}`);
    expect(String(approved?.text)).toContain("Dispute approved");
    expect(String(approved?.text)).toContain(`<@${OWNER}> gets a make-up lead in pool all`);
    expect((await leadRow(lead.id)).stage).toBe("disqualified");
    expect(await prisma().dispute.findUniqueOrThrow({ where: { id: dispute.id } })).toMatchObject({
      status: "approved",
      decidedBy: MANAGER,
    });
    expect(String((await command(MANAGER, `approve ${dispute.id}`))?.text)).toContain("already decided");
    expect(String((await command(MANAGER, `approve ${lead.id}`))?.text)).toContain("no open dispute");
  });

  it("an auto-paused rep is announced to managers; /leads unpause is for managers", async () => {
    const rep = REPS[12] as string;
    const limit = app.ctx.rules.routing.autoPause.missedClaims;
    await prisma().rep.update({ where: { slackId: rep }, data: { missedClaims: limit - 1 } });
    await drain();
    app.fake.clear();
    const { paused } = await app.db.transaction((tx) =>
      bumpRepCounters({
        tx,
        rules: app.ctx.rules,
        repSlackIds: [rep],
        counter: "missedClaims",
        actor: "system",
        at: app.ctx.now(),
      }),
    );
    expect(paused).toEqual([rep]);
    expect(await prisma().outboxMessage.count({ where: { kind: "rep_paused" } })).toBe(1);
    await drain();
    const notice = app.fake
      .callsTo("chat.postMessage")
      .find((c) => c.body.channel === MANAGERS_CHANNEL && textOf(c.body).includes("paused automatically"));
    expect(textOf(notice?.body)).toContain(`<@${rep}>`);
    expect(textOf(notice?.body)).toContain(`${limit} missed claims in a row`);
    expect(textOf(notice?.body)).toContain("/leads unpause");

    const refused = await command(OTHER, `unpause <@${rep}|rep>`);
    expect(refused?.response_type).toBe("ephemeral");
    expect(String(refused?.text)).toContain("Only managers can do that.");
    expect((await prisma().rep.findUniqueOrThrow({ where: { slackId: rep } })).paused).toBe(true);
    // The rep cannot lift it: /leads back tells them to ask a manager, and the pause stays.
    const back = await command(rep, "back");
    expect(back?.response_type).toBe("ephemeral");
    expect(String(back?.text)).toContain(
      "only a manager can lift that: ask a manager to run `/leads unpause",
    );
    expect(await prisma().rep.findUniqueOrThrow({ where: { slackId: rep } })).toMatchObject({
      paused: true,
      missedClaims: limit,
    });
    expect(String((await command(MANAGER, "unpause nobody"))?.text)).toContain("/leads unpause @rep");

    const done = await command(MANAGER, `unpause <@${rep}|rep>`);
    expect(String(done?.text)).toContain(`<@${rep}> is unpaused`);
    expect(await prisma().rep.findUniqueOrThrow({ where: { slackId: rep } })).toMatchObject({
      paused: false,
      missedClaims: 0,
    });
    expect(String((await command(MANAGER, "unpause U0NOSUCHREP"))?.text)).toContain("not in LeadOps");
    expect(String((await command(rep, "back"))?.text)).toContain("Welcome back");
  });

  it("/leads help lists dispute, approve, unpause and reassign, managers' ones marked", async () => {
    const lines = String((await command(OTHER, "help"))?.text).split("\n");
    const line = (sub: string) => lines.find((l) => l.startsWith(`\`/leads ${sub}`)) ?? "";
    for (const sub of ["report", "mine", "find", "qualify", "away", "back", "rules", "simulate", "export"])
      expect(line(sub)).not.toBe("");
    expect(line("dispute")).toContain("dispute &lt;lead email or id&gt; &lt;reason&gt;");
    expect(line("dispute")).not.toContain("(managers)");
    for (const sub of ["approve", "unpause", "reassign", "report", "export"])
      expect(line(sub)).toContain("_(managers)_");
    expect(line("approve")).toContain("approve &lt;dispute id or lead&gt;");
    expect(line("unpause")).toContain("unpause &lt;@rep&gt;");
  });

  it("the routing thread reply explains the route, strategy and each skipped candidate", async () => {
    await prisma().rep.update({ where: { slackId: AWAY_REP }, data: { away: true } });
    await drain();
    app.fake.clear();
    const lead = await createHotLead(app);
    await app.db.transaction((tx) =>
      routeReadyLead({ tx, ctx: app.ctx, leadId: lead.id, segments: [], actor: "test" }),
    );
    const [thread] = await prisma().outboxMessage.findMany({
      where: { leadId: lead.id, kind: "lead_thread" },
    });
    expect(thread?.payload).toMatchObject({ topic: "routing" });
    await drain();
    const { slackTs } = await leadRow(lead.id);
    expect(slackTs).toBeTruthy();
    const reply = app.fake.callsTo("chat.postMessage").find((c) => c.body.thread_ts === slackTs);
    const text = textOf(reply?.body);
    expect(text).toContain("How this lead was routed");
    expect(text).toContain("*Route:*");
    expect(text).toContain("*Strategy:* round robin");
    expect(text).toContain("posted for claim");
    expect(text).toContain(`<@${AWAY_REP}>: skipped, away`);
    expect(text).not.toContain("Why is");
    await prisma().rep.update({ where: { slackId: AWAY_REP }, data: { away: false } });
  });

  it("a routing thread row queued with only the explanation text shows that text", async () => {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    await prisma().outboxMessage.create({
      data: {
        kind: "lead_thread",
        leadId: lead.id,
        payload: {
          leadId: lead.id,
          topic: "routing",
          explanation: `Route "hot": grade hot.\nSkipped: <@${AWAY_REP}> away.`,
        },
      },
    });
    await drain();
    const { slackTs } = await leadRow(lead.id);
    const reply = app.fake.callsTo("chat.postMessage").find((c) => c.body.thread_ts === slackTs);
    expect(textOf(reply?.body)).toContain(`Skipped: <@${AWAY_REP}> away.`);
    expect(textOf(reply?.body)).not.toContain("Why is");
  });

  it("a claim ends the open fallback assignment in the same transaction", async () => {
    const lead = await createHotLead(app);
    const fallback = await prisma().assignment.create({
      data: {
        leadId: lead.id,
        repSlackId: null,
        method: "fallback",
        route: "hot",
        createdAt: app.clock.now(),
        slaDueAt: new Date(app.clock.now().getTime() + 60 * 60_000),
      },
    });
    await queueHotPost(app.db, lead.id);
    await drain();
    await click(OWNER, "lead_claim", lead.id);
    const claimedAt = app.clock.now();
    expect((await leadRow(lead.id)).ownerSlackId).toBe(OWNER);
    expect(await prisma().assignment.findUniqueOrThrow({ where: { id: fallback.id } })).toMatchObject({
      endedAt: claimedAt,
      endReason: "claimed",
    });
    const open = await prisma().assignment.findMany({ where: { leadId: lead.id, endedAt: null } });
    expect(open.map((a) => [a.repSlackId, a.method])).toEqual([[OWNER, "claim"]]);
    // Nothing is left for the SLA check to settle as superseded.
    await slaCheck(app.ctx, new Date(claimedAt.getTime() + 61 * 60_000));
    expect(await prisma().assignment.count({ where: { leadId: lead.id, endReason: "superseded" } })).toBe(0);
  });

  it("/leads away until DATE starts that day in the rep's time zone and answers in their time", async () => {
    // Tuesday in UTC, still Monday evening in New York: "tomorrow" is Tuesday there.
    app.clock.advance(Date.parse("2025-03-04T02:30:00Z") - app.clock.now().getTime());
    const awayUntil = async (slackId: string) =>
      (await prisma().rep.findUniqueOrThrow({ where: { slackId } })).awayUntil?.toISOString();

    const tomorrow = await command(NY_REP, "away until tomorrow");
    expect(await awayUntil(NY_REP)).toBe("2025-03-04T05:00:00.000Z");
    expect(String(tomorrow?.text)).toContain("2025-03-04 00:00 America/New_York (2025-03-04 05:00 UTC)");

    // After the switch to daylight saving (2025-03-09), midnight is 04:00 UTC.
    const dated = await command(NY_REP, "away until 2025-03-10");
    expect(await awayUntil(NY_REP)).toBe("2025-03-10T04:00:00.000Z");
    expect(String(dated?.text)).toContain("You are away until 2025-03-10 00:00 America/New_York");

    const weekday = await command(NY_REP, "away until tue");
    expect(await awayUntil(NY_REP)).toBe("2025-03-04T05:00:00.000Z");
    expect(String(weekday?.text)).toContain("2025-03-04 00:00 America/New_York");

    // No zone of their own: routing.defaultTimezone.
    const tokyo = await command(TOKYO_REP, "away until 2025-03-10");
    expect(await awayUntil(TOKYO_REP)).toBe("2025-03-09T15:00:00.000Z");
    expect(String(tokyo?.text)).toContain("2025-03-10 00:00 Asia/Tokyo (2025-03-09 15:00 UTC)");

    // Today has already started in New York: not in the future.
    expect(String((await command(NY_REP, "away until 2025-03-03"))?.text)).toContain("must be in the future");
    await command(NY_REP, "back");
    await command(TOKYO_REP, "back");
  });
});
