// The /slack/events route itself: signatures (401 before parsing, nothing stored), Slack's
// url_verification and ssl_check, slash commands and App Home.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appHomeOpened, blockAction, slashCommand } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, MANAGER, OUTSIDER, queueHotPost, REPS, RULES, textOf } from "./setup.ts";

const REP = REPS[0] as string;

describe.each(DB_KINDS)("POST /slack/events (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function counts() {
    const p = app.db.prisma;
    return {
      audit: await p.auditLog.count(),
      outbox: await p.outboxMessage.count(),
      assignments: await p.assignment.count(),
    };
  }

  async function command(userId: string, text: string) {
    const id = `${userId}-${Math.random().toString(36).slice(2, 8)}`;
    const res = await app.send(
      slashCommand({ userId, text, responseUrl: app.fake.responseUrl(id) }),
      "application/x-www-form-urlencoded",
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    const reply = app.fake.callsTo("response_url").find((c) => c.responseId === id);
    return reply?.body;
  }

  it("refuses a wrong, missing or stale signature with 401 and stores nothing", async () => {
    const lead = await createHotLead(app);
    const before = await counts();
    const payload = `payload=${encodeURIComponent(
      JSON.stringify(
        blockAction({
          userId: REP,
          actionId: "lead_claim",
          value: lead.id,
          responseUrl: app.fake.responseUrl(),
        }),
      ),
    )}`;
    const form = "application/x-www-form-urlencoded" as const;
    const wrong = await app.send(payload, form, { secret: "not-the-secret" });
    const stale = await app.send(payload, form, { timestamp: app.clock.seconds - 301 });
    const missing = await app.server.inject({
      method: "POST",
      url: "/slack/events",
      headers: { "content-type": form },
      payload,
    });
    for (const res of [wrong, stale, missing]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ error: { code: "invalid_signature" } });
    }
    await app.idle();
    expect(await counts()).toEqual(before);
    const row = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.ownerSlackId).toBeNull();
    expect(app.fake.callsTo("response_url")).toHaveLength(0);
    // Within the window it is accepted.
    const fresh = await app.send(payload, form, { timestamp: app.clock.seconds - 290 });
    expect(fresh.statusCode).toBe(200);
    await app.idle();
  });

  it("answers url_verification and ssl_check", async () => {
    const challenge = await app.send(
      JSON.stringify({
        token: "x",
        challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
        type: "url_verification",
      }),
      "application/json",
    );
    expect(challenge.statusCode).toBe(200);
    expect(challenge.json()).toEqual({ challenge: "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" });
    const ssl = await app.send("ssl_check=1&token=x", "application/x-www-form-urlencoded");
    expect(ssl.statusCode).toBe(200);
  });

  it("/leads help lists every subcommand, privately", async () => {
    const reply = await command(REP, "help");
    expect(reply?.response_type).toBe("ephemeral");
    const text = textOf(reply?.blocks);
    for (const sub of ["report", "mine", "find", "qualify", "away", "back", "rules", "simulate", "export"]) {
      expect(text).toContain(`/leads ${sub}`);
    }
    expect(textOf((await command(REP, ""))?.blocks)).toContain("/leads mine");
  });

  it("report and export are for managers only; a rep is told why, privately", async () => {
    const refused = await command(REP, "report week");
    expect(refused?.response_type).toBe("ephemeral");
    expect(String(refused?.text)).toContain("Only managers can do that.");
    expect(String((await command(REP, "export month"))?.text)).toContain("Only managers");

    const report = await command(MANAGER, "report week by rep");
    expect(report?.response_type).toBe("ephemeral");
    expect(textOf(report?.blocks)).toContain("LeadOps report");
    expect(textOf(report?.blocks)).toContain("Speed-to-lead");

    const exported = await command(MANAGER, "export month");
    expect(String(exported?.text)).toContain("CSV export");
    // Two uploads: the report's chart, then the CSV.
    expect(app.fake.callsTo("files.completeUploadExternal")).toHaveLength(2);
  });

  it("reassigning is for managers; both reps are told", async () => {
    const lead = await createHotLead(app, { ownerSlackId: REP, assignedAt: app.clock.now() });
    const to = REPS[1] as string;
    expect(String((await command(REP, `reassign ${lead.email} <@${to}|rep> covering`))?.text)).toContain(
      "Only managers",
    );
    const done = await command(MANAGER, `reassign ${lead.email} <@${to}|rep> covering while away`);
    expect(String(done?.text)).toContain(`Reassigned to <@${to}>`);
    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.ownerSlackId).toBe(to);
    const kinds = (await app.db.prisma.outboxMessage.findMany({ where: { leadId: lead.id } })).map(
      (r) => r.kind,
    );
    expect(kinds).toEqual(expect.arrayContaining(["assignment_dm", "reroute_dm"]));
  });

  it("away until a date, then back", async () => {
    const reply = await command(REP, "away until 2099-01-31");
    expect(String(reply?.text)).toContain("You are away until 2099-01-31");
    let rep = await app.db.prisma.rep.findUniqueOrThrow({ where: { slackId: REP } });
    expect(rep.away).toBe(true);
    expect(rep.awayUntil?.toISOString()).toBe("2099-01-31T00:00:00.000Z");
    expect(String((await command(REP, "away until someday"))?.text)).toContain("is not a date");
    // Away is the rep's own: they lift it themselves.
    expect(String((await command(REP, "back"))?.text)).toContain("Welcome back: you receive leads again.");
    rep = await app.db.prisma.rep.findUniqueOrThrow({ where: { slackId: REP } });
    expect(rep).toMatchObject({ away: false, awayUntil: null });
    expect(String((await command(OUTSIDER, "away"))?.text)).toContain("not set up as a rep");
  });

  it("mine, find, rules, simulate and an unknown subcommand", async () => {
    const lead = await createHotLead(app, { ownerSlackId: REP, assignedAt: app.clock.now() });
    const { name } = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    const mine = textOf((await command(REP, "mine"))?.blocks);
    expect(mine).toContain("Your open leads");
    expect(mine).toContain(String(name));
    const found = await command(REP, `find ${lead.email}`);
    expect(textOf(found?.blocks)).toContain(lead.id);
    // Lead data is personal: someone LeadOps does not know is refused.
    expect(String((await command(OUTSIDER, `find ${lead.email}`))?.text)).toMatch(
      /not set up as a rep|Only LeadOps/,
    );
    expect(textOf((await command(REP, "rules"))?.blocks)).toContain("Rules in force");
    const sim = await command(REP, 'simulate {"email":"cto@bigco.test","title":"CTO","companySize":500}');
    expect(textOf(sim?.blocks)).toContain("Simulation (nothing saved)");
    expect(textOf(sim?.blocks)).toContain("decision");
    expect(String((await command(REP, "simulate {not json"))?.text)).toContain("not valid JSON");
    expect(String((await command(REP, "frobnicate"))?.text)).toContain("Unknown subcommand");
    // Names on Object.prototype are not subcommands.
    expect(String((await command(REP, "constructor"))?.text)).toContain("Unknown subcommand");
    expect(String((await command(REP, "__proto__ x"))?.text)).toContain("Unknown subcommand");
  });

  it("publishes App Home on app_home_opened; managers also see the team", async () => {
    app.fake.clear();
    const res = await app.send(JSON.stringify(appHomeOpened(REP)), "application/json");
    expect(res.statusCode).toBe(200);
    await app.idle();
    const [rep] = app.fake.callsTo("views.publish");
    expect(rep?.body.user_id).toBe(REP);
    const repView = textOf(rep?.body.view);
    expect(repView).toContain("Your open leads");
    expect(repView).toContain("This week");
    expect(repView).toContain('"action_id":"home_away"');
    expect(repView).not.toContain("Team queue");

    await app.send(JSON.stringify(appHomeOpened(MANAGER)), "application/json");
    await app.idle();
    const manager = app.fake.callsTo("views.publish").find((c) => c.body.user_id === MANAGER);
    expect(textOf(manager?.body.view)).toContain("Team queue");
  });

  it("a hot post waits in the outbox while Slack is down, and intake is not blocked", async () => {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    app.fake.script("chat.postMessage", { status: 503 }, { status: 503 });
    app.clock.advance(5_000);
    await app.outbox();
    // Another lead can still be created and queued meanwhile.
    const other = await createHotLead(app);
    await queueHotPost(app.db, other.id);
    app.clock.advance(60_000);
    await app.outbox();
    app.clock.advance(60_000);
    await app.outbox();
    const rows = await app.db.prisma.outboxMessage.findMany({
      where: { kind: "hot_lead_post", leadId: { in: [lead.id, other.id] } },
    });
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });
});
