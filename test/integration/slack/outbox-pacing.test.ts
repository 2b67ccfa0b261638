// The outbox's pace per channel and its priority order, seen from Slack's side (the fake Web API):
// a token bucket (a burst of three, then one a second, slower for a minute after a 429) and hot
// posts ahead of the thread replies waiting for the same channel.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, queueHotPost, RULES } from "./setup.ts";

const HOT = "C0HOT0001";

describe.each(DB_KINDS)("outbox pacing and priority (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  /** A lead whose hot post is already in the channel, so replies can go under it. */
  async function postedLead(n: number) {
    const lead = await createHotLead(app);
    await app.db.prisma.lead.update({
      where: { id: lead.id },
      data: { slackChannel: HOT, slackTs: `1700000000.${String(n).padStart(6, "0")}` },
    });
    return lead;
  }

  async function queueThreadReply(leadId: string) {
    await app.db.prisma.outboxMessage.create({
      data: {
        kind: "lead_thread",
        leadId,
        payload: { leadId, topic: "routing", explanation: "Posted for claim (route hot)." },
      },
    });
  }

  const posts = () => app.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === HOT);
  const isReply = (c: { body: Record<string, unknown> }) => typeof c.body.thread_ts === "string";

  /** Drains the channel: passes a second apart until nothing is left (the bucket full again). */
  async function drain() {
    for (let i = 0; i < 30; i++) {
      app.clock.advance(1_000);
      const r = await app.outbox();
      if (r.claimed === 0) break;
    }
    app.clock.advance(60_000);
    await app.outbox();
    app.fake.clear();
  }

  it("a quiet channel takes a burst of three posts at once, then one a second", async () => {
    await drain();
    const leads = [];
    for (let i = 0; i < 4; i++) leads.push(await createHotLead(app));
    // Each lead is queued and sent in its own pass at the same instant: one message each.
    for (const lead of leads.slice(0, 3)) {
      await queueHotPost(app.db, lead.id);
      expect((await app.outbox()).sent).toBe(1);
    }
    await queueHotPost(app.db, leads[3]?.id as string);
    const waiting = await app.outbox();
    expect(waiting).toMatchObject({ sent: 0, deferred: 1 });
    expect(waiting.wakeAt).toBe(app.clock.now().getTime() + 1_000);
    expect(posts()).toHaveLength(3);
    app.clock.advance(999);
    expect((await app.outbox()).sent).toBe(0);
    app.clock.advance(1);
    expect((await app.outbox()).sent).toBe(1);
    expect(posts()).toHaveLength(4);
    // /metrics shows how long each kind waited in the outbox.
    const { body } = await app.server.inject("/metrics");
    const count = body
      .split("\n")
      .find((l) => l.startsWith('leadops_outbox_wait_seconds_count{kind="hot_lead_post"}'));
    expect(Number(count?.split(" ").at(-1))).toBeGreaterThanOrEqual(4);
  });

  it("after a 429 waits Retry-After, then goes at half the pace without bursts, and recovers after a quiet minute", async () => {
    await drain();
    const leads = [];
    for (let i = 0; i < 5; i++) leads.push(await createHotLead(app));
    const [a, b, c, d, e] = leads.map((l) => l.id) as [string, string, string, string, string];
    app.fake.script("chat.postMessage", { status: 429, retryAfter: 3 });
    await queueHotPost(app.db, a);
    expect((await app.outbox()).retried).toBe(1);
    // The channel waits Retry-After, however full its bucket was.
    await queueHotPost(app.db, b);
    app.clock.advance(2_999);
    expect((await app.outbox()).sent).toBe(0);
    app.clock.advance(1);
    expect((await app.outbox()).sent).toBe(2); // a and b, combined
    // Half the pace, no burst: the next message two seconds later.
    await queueHotPost(app.db, c);
    app.clock.advance(1_999);
    expect((await app.outbox()).sent).toBe(0);
    app.clock.advance(1);
    expect((await app.outbox()).sent).toBe(1);
    // A quiet minute after the 429: bursts again.
    app.clock.advance(60_000);
    await queueHotPost(app.db, d);
    expect((await app.outbox()).sent).toBe(1);
    await queueHotPost(app.db, e);
    expect((await app.outbox()).sent).toBe(1);
    expect(posts().filter((p) => !("__scripted" in p.body))).toHaveLength(5 - 1);
  });

  it("a hot post goes before the thread replies queued ahead of it, and they never take its token", async () => {
    await drain();
    const replied = [await postedLead(1), await postedLead(2), await postedLead(3)];
    for (const lead of replied) await queueThreadReply(lead.id);
    const fresh = [await createHotLead(app), await createHotLead(app)];
    await queueHotPost(app.db, fresh[0]?.id as string);
    await app.outbox();
    // The hot post first, though queued last; the replies leave the channel its next hot post's
    // tokens (they go only from a full bucket), so none went in this pass.
    expect(posts().map(isReply)).toEqual([false]);
    app.clock.advance(1_000);
    await app.outbox();
    expect(posts().map(isReply)).toEqual([false, true]);
    // A hot post arriving now still finds a token: no reply stands in its way.
    await queueHotPost(app.db, fresh[1]?.id as string);
    expect((await app.outbox()).sent).toBe(1);
    expect(posts().map(isReply)).toEqual([false, true, false]);
    // The replies follow as the bucket fills again.
    for (let i = 0; i < 6; i++) {
      app.clock.advance(1_000);
      await app.outbox();
    }
    expect(posts().map(isReply)).toEqual([false, true, false, true, true]);
  });

  it("a lead's explanations waiting together go out as one reply in its thread, carrying both row ids", async () => {
    await drain();
    const lead = await postedLead(9);
    await queueThreadReply(lead.id);
    await app.db.prisma.outboxMessage.create({
      data: { kind: "lead_thread", leadId: lead.id, payload: { leadId: lead.id, topic: "receipt" } },
    });
    const run = await app.outbox();
    expect(run.sent).toBe(2);
    const replies = posts().filter(isReply);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.body.thread_ts).toBe("1700000000.000009");
    const meta = replies[0]?.body.metadata as { event_payload: { outbox_ids: string } };
    const rows = await app.db.prisma.outboxMessage.findMany({
      where: { leadId: lead.id, kind: "lead_thread" },
      orderBy: { id: "asc" },
    });
    expect(meta.event_payload.outbox_ids).toBe(rows.map((r) => String(r.id)).join(","));
    expect(rows.map((r) => r.status)).toEqual(["sent", "sent"]);
  });
});
