// The hot-lead post and the claim race, driven as Slack drives the app: signed block_actions
// posts to /slack/events, the Web API faked at SLACK_API_URL, on PGlite and PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assignmentsMade } from "../../../src/observability/metrics.ts";
import { blockAction } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { AWAY_REP, CAPPED_REP, createHotLead, OUTSIDER, queueHotPost, REPS, RULES, textOf } from "./setup.ts";

describe.each(DB_KINDS)("claiming a hot lead (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function postedLead() {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    app.clock.advance(2_000);
    await app.outbox();
    const row = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.slackTs).toBeTruthy();
    return row;
  }

  /** leadops_assignments_total{how="claim"} in this process's registry. */
  async function claimsCounted(): Promise<number> {
    const { values } = await assignmentsMade.get();
    return values.find((v) => v.labels.how === "claim")?.value ?? 0;
  }

  it("posts the hot lead with a Claim button and records where the post is", async () => {
    app.fake.clear();
    const lead = await postedLead();
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.channel).toBe("C0HOT0001");
    expect(textOf(posts[0]?.body.blocks)).toContain('"action_id":"lead_claim"');
    expect(textOf(posts[0]?.body.blocks)).toContain('"text":"Claim"');
    expect(lead.slackChannel).toBe("C0HOT0001");
    expect(lead.postedAt).toEqual(app.clock.now());
  });

  it("twenty simultaneous clicks: exactly one owner, the nineteen others told privately who has it", async () => {
    const lead = await postedLead();
    app.fake.clear();
    const countedBefore = await claimsCounted();
    const responses = await Promise.all(
      REPS.map((userId) =>
        app.interact(
          blockAction({
            userId,
            actionId: "lead_claim",
            value: lead.id,
            responseUrl: app.fake.responseUrl(userId),
            messageTs: lead.slackTs ?? undefined,
          }),
        ),
      ),
    );
    for (const r of responses) expect(r.statusCode).toBe(200);
    await app.idle();

    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(REPS).toContain(after.ownerSlackId);
    const assignments = await app.db.prisma.assignment.findMany({ where: { leadId: lead.id } });
    expect(assignments).toHaveLength(1);
    expect(assignments[0]).toMatchObject({ method: "claim", repSlackId: after.ownerSlackId });
    // One assignment made, one counted: the nineteen lost races count nothing.
    expect((await claimsCounted()) - countedBefore).toBe(1);

    const replies = app.fake.callsTo("response_url");
    expect(replies).toHaveLength(19);
    expect(new Set(replies.map((r) => r.responseId))).toEqual(
      new Set(REPS.filter((id) => id !== after.ownerSlackId)),
    );
    for (const r of replies) {
      expect(r.body.response_type).toBe("ephemeral");
      expect(String(r.body.text)).toContain(`<@${after.ownerSlackId}> already claimed this lead`);
    }

    // The post is updated in place to show the owner and the owner's buttons.
    app.clock.advance(2_000);
    await app.outbox();
    const updates = app.fake.callsTo("chat.update");
    expect(updates).toHaveLength(1);
    expect(updates[0]?.body).toMatchObject({ channel: "C0HOT0001", ts: lead.slackTs });
    const blocks = textOf(updates[0]?.body.blocks);
    expect(blocks).toContain(`claimed by <@${after.ownerSlackId}>`);
    for (const label of ["Contacted", "Qualify", "Won", "Lost", "Release", "Nurture"]) {
      expect(blocks).toContain(`"text":"${label}"`);
    }
    const dms = app.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === after.ownerSlackId);
    expect(dms).toHaveLength(1);
  });

  it("refuses someone who is not a rep, with the reason, and changes nothing", async () => {
    const lead = await postedLead();
    app.fake.clear();
    const res = await app.interact(
      blockAction({
        userId: OUTSIDER,
        actionId: "lead_claim",
        value: lead.id,
        responseUrl: app.fake.responseUrl(),
      }),
    );
    expect(res.statusCode).toBe(200);
    await app.idle();
    const [reply] = app.fake.callsTo("response_url");
    expect(String(reply?.body.text)).toContain("not set up as a rep");
    const after = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(after.ownerSlackId).toBeNull();
  });

  it("refuses a rep who is away, and one at capacity", async () => {
    await app.db.prisma.rep.update({ where: { slackId: AWAY_REP }, data: { away: true } });
    const first = await postedLead();
    const second = await postedLead();
    app.fake.clear();
    await app.interact(
      blockAction({
        userId: AWAY_REP,
        actionId: "lead_claim",
        value: first.id,
        responseUrl: app.fake.responseUrl("away"),
      }),
    );
    // The capped rep (capacity 1) takes one lead, then is refused the next.
    await app.interact(
      blockAction({
        userId: CAPPED_REP,
        actionId: "lead_claim",
        value: first.id,
        responseUrl: app.fake.responseUrl("c1"),
      }),
    );
    await app.idle();
    await app.interact(
      blockAction({
        userId: CAPPED_REP,
        actionId: "lead_claim",
        value: second.id,
        responseUrl: app.fake.responseUrl("c2"),
      }),
    );
    await app.idle();
    const byId = (id: string) => app.fake.callsTo("response_url").find((c) => c.responseId === id);
    expect(String(byId("away")?.body.text)).toContain("You are marked away");
    expect(byId("c1")).toBeUndefined();
    expect(String(byId("c2")?.body.text)).toContain("You are at capacity (1 open of 1)");
    const owners = await app.db.prisma.lead.findMany({
      where: { id: { in: [first.id, second.id] } },
      select: { id: true, ownerSlackId: true },
    });
    expect(owners.find((o) => o.id === first.id)?.ownerSlackId).toBe(CAPPED_REP);
    expect(owners.find((o) => o.id === second.id)?.ownerSlackId).toBeNull();
  });

  /** `n` new hot leads, their posts not queued yet; what earlier tests left queued is sent first. */
  async function freshHotLeads(n: number): Promise<{ id: string; email: string }[]> {
    app.clock.advance(5_000);
    const leads = [];
    for (let i = 0; i < n; i++) leads.push(await createHotLead(app));
    for (let i = 0; i < 5; i++) {
      app.clock.advance(2_000);
      await app.outbox();
    }
    return leads;
  }

  it("combines a burst of hot leads for one channel into one message, each with its own Claim", async () => {
    const leads = await freshHotLeads(3);
    for (const l of leads) await queueHotPost(app.db, l.id);
    app.clock.advance(2_000);
    app.fake.clear();
    const run = await app.outbox();
    expect(run.sent).toBe(3);
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    const blocks = posts[0]?.body.blocks as {
      type: string;
      elements?: { action_id?: string; value?: string }[];
    }[];
    const claims = blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === "lead_claim");
    expect(claims.map((c) => c.value).sort()).toEqual(leads.map((l) => l.id).sort());
    expect(blocks.length).toBeLessThanOrEqual(50);
    const rows = await app.db.prisma.lead.findMany({ where: { id: { in: leads.map((l) => l.id) } } });
    expect(new Set(rows.map((r) => r.slackTs)).size).toBe(1);
    expect(rows.every((r) => r.slackChannel === "C0HOT0001")).toBe(true);

    // Claiming one of them re-renders the whole combined post: the others keep their Claim.
    const one = leads[0] as { id: string };
    const others = leads.slice(1);
    await app.interact(
      blockAction({
        userId: REPS[3] as string,
        actionId: "lead_claim",
        value: one.id,
        responseUrl: app.fake.responseUrl(),
      }),
    );
    await app.idle();
    app.clock.advance(2_000);
    await app.outbox();
    const [update] = app.fake.callsTo("chat.update");
    const updated = textOf(update?.body.blocks);
    expect(updated).toContain(`claimed by <@${REPS[3]}>`);
    for (const o of others) expect(updated).toContain(`"value":"${o.id}"`);
  });

  it("posts a backlog of hot leads, some assigned while their post waited, as one message with each lead's state", async () => {
    const leads = await freshHotLeads(3);
    for (const l of leads) await queueHotPost(app.db, l.id);
    // Routing gave two of them an owner while Slack was out of reach.
    const first = leads[0] as { id: string };
    const second = leads[1] as { id: string };
    const open = leads[2] as { id: string };
    await app.db.prisma.lead.updateMany({
      where: { id: { in: [first.id, second.id] } },
      data: { ownerSlackId: REPS[5], assignedAt: new Date(app.clock.now()) },
    });
    app.clock.advance(2_000);
    app.fake.clear();
    const run = await app.outbox();
    expect(run.sent).toBe(3);
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    const blocks = posts[0]?.body.blocks as { elements?: { action_id?: string; value?: string }[] }[];
    const claims = blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === "lead_claim");
    expect(claims.map((c) => c.value)).toEqual([open.id]);
    expect(String(posts[0]?.body.text).match(new RegExp(`assigned to <@${REPS[5]}>`, "g"))).toHaveLength(2);
    const rows = await app.db.prisma.lead.findMany({ where: { id: { in: leads.map((l) => l.id) } } });
    expect(new Set(rows.map((r) => r.slackTs)).size).toBe(1);
  });

  it("claims hot posts apart from older notices: 60 queued thread replies do not hold them back", async () => {
    const leads = await freshHotLeads(2);
    // Older rows than the hot posts: replies waiting for their lead's post (they are put back
    // each pass until it is out), more than one pass takes.
    // (Before anything else in the table: the hot rows' times are the database's clock.)
    const older = new Date("2020-01-01T00:00:00Z");
    await app.db.prisma.outboxMessage.createMany({
      data: Array.from({ length: 60 }, (_, i) => ({
        kind: "lead_thread",
        leadId: leads[0]?.id,
        payload: { leadId: leads[0]?.id, topic: "receipt" },
        dedupeKey: `thread-backlog-${i}-${leads[0]?.id}`,
        createdAt: older,
        nextAttemptAt: older,
      })),
    });
    for (const l of leads) await queueHotPost(app.db, l.id);
    app.clock.advance(2_000);
    app.fake.clear();
    await app.outbox();
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    const blocks = posts[0]?.body.blocks as { elements?: { action_id?: string; value?: string }[] }[];
    const claims = blocks.flatMap((b) => b.elements ?? []).filter((e) => e.action_id === "lead_claim");
    expect(claims.map((c) => c.value).sort()).toEqual(leads.map((l) => l.id).sort());
  });

  it("splits a burst larger than 50 blocks into messages sent as the channel's bucket allows", async () => {
    const leads = await freshHotLeads(14);
    for (const l of leads) await queueHotPost(app.db, l.id);
    app.clock.advance(2_000);
    app.fake.clear();
    const hotPosts = () => app.fake.callsTo("chat.postMessage").filter((c) => !c.body.thread_ts);
    const first = await app.outbox();
    expect(hotPosts()).toHaveLength(1);
    expect(first.sent).toBeGreaterThan(1);
    expect(first.sent).toBeLessThan(14);
    // The rest wait for the channel's next token: a quiet channel has a burst to spend, so the
    // next pass, in the same second, sends them (decision 0011).
    await app.outbox();
    expect(hotPosts()).toHaveLength(2);
    const rows = await app.db.prisma.outboxMessage.findMany({
      where: { kind: "hot_lead_post", leadId: { in: leads.map((l) => l.id) } },
    });
    expect(rows.map((r) => r.status)).toEqual(Array(14).fill("sent"));
    for (const call of hotPosts()) {
      expect((call.body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    }
  }, 90_000); // 14 fresh hot leads and their posts: minutes on a loaded 2-CPU runner, not a speed check
});
