// Exactly-once Slack posts across a crash (docs/reliability.md, finding 1). A row the dead process
// left `sending` (its lease run out) may already be in Slack; so may a post whose answer was a
// 5xx. Each case puts the row in that state, with or without its message already in the fake
// Slack (as chat.postMessage would have left it, metadata included), and runs passes by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  HISTORY_PAGE_SIZE,
  OUTBOX_EVENT_TYPE,
  outboxMetadata,
} from "../../../src/slack/outbox/find-posted.ts";
import { LEASE_MS } from "../../../src/slack/outbox/pass.ts";
import { HOT_CHANNEL } from "../../fixtures/slack/payloads.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, deliveriesCounted, REPS, RULES } from "./setup.ts";

describe.each(DB_KINDS)("outbox: a post is not sent twice after a crash (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** A row as a process leaves it when it dies mid-send: `sending`, leased from `claimedAt`. */
  async function leftSending(
    data: { kind: string; leadId?: string; channel?: string; payload: Record<string, string> },
    claimedAt = app.clock.now(),
  ) {
    return app.db.prisma.outboxMessage.create({
      data: { ...data, status: "sending", nextAttemptAt: new Date(claimedAt.getTime() + LEASE_MS) },
    });
  }

  const hotPosts = () => app.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === HOT_CHANNEL);
  const rowOf = (id: bigint) => app.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } });
  const leadOf = (id: string) => app.db.prisma.lead.findUniqueOrThrow({ where: { id } });
  const warnings = () => app.logs.filter((l) => l.includes("cannot check Slack for an earlier post"));

  it("a hot post already in the channel is recorded, not posted again", async () => {
    const lead = await createHotLead(app);
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    // Slack took the post; the process died before it heard back.
    const ts = app.fake.seed({ channel: HOT_CHANNEL, text: "hot lead", metadata: outboxMetadata([row.id]) });
    app.fake.clear();

    // Still leased: nobody touches it.
    expect((await app.outbox()).claimed).toBe(0);
    app.clock.advance(LEASE_MS + 1_000);
    const counted = (result: string) => deliveriesCounted(app, "hot_lead_post", result);
    const [found0, sent0] = [await counted("already_posted"), await counted("sent")];
    const run = await app.outbox();

    expect(run).toMatchObject({ claimed: 1, sent: 1, recovered: 1 });
    expect(await counted("already_posted")).toBe(found0 + 1);
    expect(await counted("sent")).toBe(sent0);
    expect(hotPosts()).toHaveLength(0);
    const history = app.fake.callsTo("conversations.history");
    expect(history).toHaveLength(1);
    expect(history[0]?.body).toMatchObject({ channel: HOT_CHANNEL, include_all_metadata: "true" });
    expect(await rowOf(row.id)).toMatchObject({
      status: "sent",
      result: { channel: HOT_CHANNEL, ts, leadIds: [lead.id], recovered: true },
    });
    // Later updates and thread replies find the post.
    expect(await leadOf(lead.id)).toMatchObject({ slackChannel: HOT_CHANNEL, slackTs: ts });

    app.clock.advance(LEASE_MS * 2);
    await app.outbox();
    expect(hotPosts()).toHaveLength(0);
  });

  it("a message with our tag posted by another app or user is not taken for ours: the row is posted", async () => {
    const lead = await createHotLead(app);
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    const forged = [
      app.fake.seed({
        channel: HOT_CHANNEL,
        text: "not ours",
        metadata: outboxMetadata([row.id]),
        from: { bot_id: "BOTHER", user: "UOTHERBOT" },
      }),
      app.fake.seed({
        channel: HOT_CHANNEL,
        text: "a person",
        metadata: outboxMetadata([row.id]),
        from: { bot_id: "", user: "U0PERSON" },
      }),
    ];
    app.fake.clear();
    app.clock.advance(LEASE_MS + 1_000);
    const run = await app.outbox();

    expect(run).toMatchObject({ claimed: 1, sent: 1, recovered: 0 });
    expect(hotPosts()).toHaveLength(1);
    const stored = await rowOf(row.id);
    expect(stored.status).toBe("sent");
    expect(forged).not.toContain((stored.result as { ts: string }).ts);
  });

  it("a hot post that never reached Slack is posted once, carrying its row id", async () => {
    const lead = await createHotLead(app);
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    const run = await app.outbox();
    expect(run).toMatchObject({ sent: 1, recovered: 0 });
    expect(app.fake.callsTo("conversations.history")).toHaveLength(1);
    const posts = hotPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.metadata).toEqual({
      event_type: OUTBOX_EVENT_TYPE,
      event_payload: { outbox_ids: String(row.id) },
    });
    const sent = await rowOf(row.id);
    expect(sent.status).toBe("sent");
    expect(sent.result).not.toHaveProperty("recovered");

    // Done with: no lookup and no post on later passes.
    app.clock.advance(LEASE_MS * 2);
    await app.outbox();
    expect(hotPosts()).toHaveLength(1);
    expect(app.fake.callsTo("conversations.history")).toHaveLength(1);
  });

  it("a combined post found for two rows; the third row, not in it, is posted alone", async () => {
    const leads = [await createHotLead(app), await createHotLead(app), await createHotLead(app)];
    const rows = [];
    for (const l of leads)
      rows.push(await leftSending({ kind: "hot_lead_post", leadId: l.id, payload: { leadId: l.id } }));
    const [a, b, c] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    const ts = app.fake.seed({
      channel: HOT_CHANNEL,
      text: "2 hot leads",
      metadata: outboxMetadata([a.id, b.id]),
    });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    const run = await app.outbox();
    expect(run).toMatchObject({ sent: 3, recovered: 2 });
    const posts = hotPosts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body.metadata).toMatchObject({ event_payload: { outbox_ids: String(c.id) } });
    expect(await leadOf(leads[0]?.id ?? "")).toMatchObject({ slackTs: ts });
    expect(await leadOf(leads[1]?.id ?? "")).toMatchObject({ slackTs: ts });
    const third = await leadOf(leads[2]?.id ?? "");
    expect(third.slackTs).not.toBeNull();
    expect(third.slackTs).not.toBe(ts);
  });

  it("a thread reply already in the thread is found with conversations.replies", async () => {
    const parent = app.fake.seed({ channel: HOT_CHANNEL, text: "the lead's post" });
    const lead = await createHotLead(app, { slackChannel: HOT_CHANNEL, slackTs: parent });
    const row = await leftSending({
      kind: "lead_thread",
      leadId: lead.id,
      payload: { leadId: lead.id, topic: "routing", explanation: "Nobody was free." },
    });
    const reply = app.fake.seed({
      channel: HOT_CHANNEL,
      thread_ts: parent,
      text: "routing",
      metadata: outboxMetadata([row.id]),
    });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(app.fake.callsTo("conversations.replies")[0]?.body).toMatchObject({
      channel: HOT_CHANNEL,
      ts: parent,
      include_all_metadata: "true",
    });
    expect((await rowOf(row.id)).result).toMatchObject({ channel: HOT_CHANNEL, ts: reply, recovered: true });
  });

  it("a thread reply not in the thread is posted once, in the thread", async () => {
    const parent = app.fake.seed({ channel: HOT_CHANNEL, text: "the lead's post" });
    const lead = await createHotLead(app, { slackChannel: HOT_CHANNEL, slackTs: parent });
    const row = await leftSending({
      kind: "lead_thread",
      leadId: lead.id,
      payload: { leadId: lead.id, topic: "routing", explanation: "Nobody was free." },
    });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 0 });
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ thread_ts: parent, metadata: outboxMetadata([row.id]) });
    expect(app.fake.messagesIn(HOT_CHANNEL).filter((m) => m.thread_ts === parent)).toHaveLength(2);
  });

  it("a DM posted to a user id is looked for in the IM that conversations.open names", async () => {
    const rep = REPS[3] as string;
    const lead = await createHotLead(app, { ownerSlackId: rep });
    const row = await leftSending({
      kind: "assignment_dm",
      leadId: lead.id,
      channel: rep,
      payload: { leadId: lead.id },
    });
    const ts = app.fake.seed({ channel: rep, text: "assigned to you", metadata: outboxMetadata([row.id]) });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(0);
    expect(app.fake.callsTo("conversations.open")[0]?.body).toMatchObject({ users: rep });
    expect(app.fake.callsTo("conversations.history")[0]?.body).toMatchObject({ channel: `D${rep}` });
    expect((await rowOf(row.id)).result).toMatchObject({ channel: `D${rep}`, ts });
  });

  it("Slack posted but answered 503: the row is marked, and the next try finds the post", async () => {
    const lead = await createHotLead(app);
    const row = await app.db.prisma.outboxMessage.create({
      data: { kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } },
    });
    app.clock.advance(2_000);
    app.fake.clear();
    app.fake.script("chat.postMessage", { status: 503, delivered: true });
    const t0 = app.clock.now().getTime();
    const inChannel = app.fake.messagesIn(HOT_CHANNEL).length;

    expect(await app.outbox()).toMatchObject({ sent: 0, retried: 1 });
    expect(await rowOf(row.id)).toMatchObject({
      status: "pending",
      lastError: "HTTP 503",
      result: { unknownSince: t0 },
    });
    expect(app.fake.messagesIn(HOT_CHANNEL)).toHaveLength(inChannel + 1);

    app.clock.advance(60_000);
    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(hotPosts()).toHaveLength(1); // the one Slack took, answered 503
    const lastPost = app.fake.messagesIn(HOT_CHANNEL).at(-1);
    expect((await rowOf(row.id)).result).toMatchObject({ ts: lastPost?.ts, recovered: true });
  });

  it("a 503 from a Slack that did not post: looked for, not found, posted once", async () => {
    const lead = await createHotLead(app);
    const row = await app.db.prisma.outboxMessage.create({
      data: { kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } },
    });
    app.clock.advance(2_000);
    app.fake.clear();
    app.fake.script("chat.postMessage", { status: 503 });
    await app.outbox();
    app.clock.advance(60_000);
    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 0 });
    expect(hotPosts()).toHaveLength(2); // the refused one and the delivery
    expect(app.fake.callsTo("conversations.history")).toHaveLength(1);
    expect((await rowOf(row.id)).status).toBe("sent");
  });

  it("history unavailable (missing_scope): posts again, warns once, fails nothing", async () => {
    const before = warnings().length;
    for (let i = 0; i < 2; i++) {
      const lead = await createHotLead(app);
      const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
      app.fake.seed({ channel: HOT_CHANNEL, text: "hot lead", metadata: outboxMetadata([row.id]) });
      app.clock.advance(LEASE_MS + 1_000);
      app.fake.clear();
      app.fake.script("conversations.history", { error: "missing_scope" });
      expect(await app.outbox()).toMatchObject({ sent: 1, failed: 0, recovered: 0 });
      // Without history the post goes out again: at least once, as before the fix.
      expect(hotPosts()).toHaveLength(1);
      expect((await rowOf(row.id)).status).toBe("sent");
    }
    expect(warnings().length - before).toBe(1);
    expect(warnings().at(-1)).toContain("missing_scope");
  });

  it("history rate-limited: the row waits Retry-After without posting, keeps its mark, then is found", async () => {
    const lead = await createHotLead(app);
    const claimedAt = app.clock.now();
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    const ts = app.fake.seed({ channel: HOT_CHANNEL, text: "hot lead", metadata: outboxMetadata([row.id]) });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();
    app.fake.script("conversations.history", { status: 429, retryAfter: 20 });
    const t = app.clock.now().getTime();

    expect(await app.outbox()).toMatchObject({ sent: 0, retried: 1 });
    const waiting = await rowOf(row.id);
    // The attempt began when the dead process claimed the row (never before the row existed).
    const since = Math.max(claimedAt.getTime(), waiting.createdAt.getTime());
    expect(waiting).toMatchObject({ status: "pending", result: { unknownSince: since } });
    expect(waiting.nextAttemptAt.getTime()).toBe(t + 20_000);
    expect(hotPosts()).toHaveLength(0);

    app.clock.advance(20_000);
    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(hotPosts()).toHaveLength(0);
    expect((await rowOf(row.id)).result).toMatchObject({ ts });
  });

  it("a second crash keeps the first attempt's mark, so a post older than the second claim is found", async () => {
    const lead = await createHotLead(app);
    const firstAttempt = app.clock.now().getTime();
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    const ts = app.fake.seed({ channel: HOT_CHANNEL, text: "hot lead", metadata: outboxMetadata([row.id]) });
    // The row was claimed again 20 minutes later (far beyond the search margin), marked as of the
    // first attempt, and that process died too, during its lookup.
    app.clock.advance(20 * 60_000);
    await app.db.prisma.outboxMessage.update({
      where: { id: row.id },
      data: {
        nextAttemptAt: new Date(app.clock.now().getTime() + LEASE_MS),
        result: { unknownSince: firstAttempt },
      },
    });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(hotPosts()).toHaveLength(0);
    expect((await rowOf(row.id)).result).toMatchObject({ ts });
  });

  it("finds a post several history pages back", async () => {
    const lead = await createHotLead(app);
    const row = await leftSending({ kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } });
    const ts = app.fake.seed({ channel: HOT_CHANNEL, text: "hot lead", metadata: outboxMetadata([row.id]) });
    // People kept talking in the channel.
    for (let i = 0; i < HISTORY_PAGE_SIZE * 2 + 10; i++)
      app.fake.seed({ channel: HOT_CHANNEL, text: `chat ${i}` });
    app.clock.advance(LEASE_MS + 1_000);
    app.fake.clear();

    expect(await app.outbox()).toMatchObject({ sent: 1, recovered: 1 });
    expect(hotPosts()).toHaveLength(0);
    const pages = app.fake.callsTo("conversations.history");
    expect(pages.length).toBeGreaterThanOrEqual(3);
    expect(pages[1]?.body.cursor).toBeTruthy();
    expect((await rowOf(row.id)).result).toMatchObject({ ts });
  });
});
