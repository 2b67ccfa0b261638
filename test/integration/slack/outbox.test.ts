// The outbox worker against a misbehaving Slack: 429 with Retry-After, 5xx with backoff,
// permanent errors, and a restart with notices still pending.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BACKOFF_BASE_MS } from "../../../src/slack/outbox/settle-row.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";
import { FakeSlack, type SlackTestApp, startSlackTestApp, TestClock } from "../../helpers/slack.ts";
import { createHotLead, deliveriesCounted, queueHotPost, RULES } from "./setup.ts";

describe.each(DB_KINDS)("outbox delivery (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({ kind, rulesYaml: RULES });
  });
  afterAll(async () => {
    await app?.close();
  });

  async function rowOf(leadId: string) {
    return app.db.prisma.outboxMessage.findFirstOrThrow({ where: { leadId, kind: "hot_lead_post" } });
  }

  it("waits exactly Retry-After on a 429, then delivers once", async () => {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    app.clock.advance(2_000);
    app.fake.clear();
    app.fake.script("chat.postMessage", { status: 429, retryAfter: 7 });
    const counted = (result: string) => deliveriesCounted(app, "hot_lead_post", result);
    const [retried0, sent0] = [await counted("retried"), await counted("sent")];
    const t0 = app.clock.now().getTime();
    const first = await app.outbox();
    expect(first.retried).toBe(1);
    expect(await counted("retried")).toBe(retried0 + 1);
    const waiting = await rowOf(lead.id);
    expect(waiting.status).toBe("pending");
    expect(waiting.attempts).toBe(1);
    expect(waiting.nextAttemptAt.getTime()).toBe(t0 + 7_000);
    expect(waiting.lastError).toContain("rate limited");

    app.clock.advance(6_000);
    expect((await app.outbox()).sent).toBe(0);
    app.clock.advance(1_000);
    expect((await app.outbox()).sent).toBe(1);
    // /metrics counts the try Slack refused and the delivery.
    expect(await counted("sent")).toBe(sent0 + 1);
    expect(await counted("retried")).toBe(retried0 + 1);
    const posts = app.fake.callsTo("chat.postMessage");
    expect(posts).toHaveLength(2); // the 429 and the delivery
    expect((await rowOf(lead.id)).status).toBe("sent");
    app.clock.advance(60_000);
    await app.outbox();
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(2);
  });

  it("backs off exponentially on 5xx and delivers when Slack recovers", async () => {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    app.clock.advance(2_000);
    app.fake.clear();
    app.fake.script("chat.postMessage", { status: 500 }, { status: 503 });
    let t = app.clock.now().getTime();
    await app.outbox();
    let row = await rowOf(lead.id);
    expect(row).toMatchObject({ status: "pending", attempts: 1, lastError: "HTTP 500" });
    // Jitter is fixed at the top of the window in tests: base × 2^0.
    expect(row.nextAttemptAt.getTime()).toBe(t + BACKOFF_BASE_MS);

    app.clock.advance(BACKOFF_BASE_MS);
    t = app.clock.now().getTime();
    await app.outbox();
    row = await rowOf(lead.id);
    expect(row).toMatchObject({ status: "pending", attempts: 2, lastError: "HTTP 503" });
    expect(row.nextAttemptAt.getTime()).toBe(t + BACKOFF_BASE_MS * 2);

    app.clock.advance(BACKOFF_BASE_MS);
    expect((await app.outbox()).sent).toBe(0);
    app.clock.advance(BACKOFF_BASE_MS);
    expect((await app.outbox()).sent).toBe(1);
    expect((await rowOf(lead.id)).status).toBe("sent");
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(3);
  });

  it("marks a permanent error failed, with the error, and does not retry it", async () => {
    const lead = await createHotLead(app);
    await queueHotPost(app.db, lead.id);
    app.clock.advance(2_000);
    app.fake.clear();
    app.fake.script("chat.postMessage", { error: "channel_not_found" });
    const run = await app.outbox();
    expect(run.failed).toBe(1);
    expect(await rowOf(lead.id)).toMatchObject({ status: "failed", lastError: "channel_not_found" });
    app.clock.advance(3_600_000);
    await app.outbox();
    expect(app.fake.callsTo("chat.postMessage")).toHaveLength(1);
  });
});

describe.each(DB_KINDS)("the outbox loop started at boot (%s)", (kind) => {
  it("delivers a queued notice and a claim's update without anyone running a pass", async () => {
    const app = await startSlackTestApp({ kind, rulesYaml: RULES, outboxLoop: true });
    try {
      const lead = await createHotLead(app);
      await queueHotPost(app.db, lead.id);
      await vi.waitFor(async () => {
        const row = await app.db.prisma.lead.findUniqueOrThrow({ where: { id: lead.id } });
        expect(row.slackTs).not.toBeNull();
      });
      expect(app.fake.callsTo("chat.postMessage")).toHaveLength(1);
    } finally {
      await app.close();
    }
  });
});

describe.each(DB_KINDS)("outbox across a restart (%s)", (kind) => {
  let database: TestDatabase;
  let fake: FakeSlack;
  beforeAll(async () => {
    database = await createTestDatabase(kind);
    fake = await new FakeSlack().start();
  });
  afterAll(async () => {
    await fake?.stop();
    await database?.drop();
  });

  it("delivers what a stopped app left pending, exactly once, including a send it died in", async () => {
    const clock = new TestClock();
    const first = await startSlackTestApp({ kind, rulesYaml: RULES, database, fake, clock });
    const leads = [await createHotLead(first), await createHotLead(first)];
    for (const l of leads) await queueHotPost(first.db, l.id);
    // A third notice was being sent when the process died: claimed (`sending`), never finished.
    const crashed = await createHotLead(first);
    await first.db.prisma.outboxMessage.create({
      data: {
        kind: "hot_lead_post",
        leadId: crashed.id,
        channel: "C0OTHER01",
        payload: { leadId: crashed.id },
        status: "sending",
        nextAttemptAt: new Date(clock.now().getTime() + 60_000),
      },
    });
    await first.halt();
    expect(fake.callsTo("chat.postMessage")).toHaveLength(0);

    const second = await startSlackTestApp({ kind, rulesYaml: RULES, database, fake, clock });
    try {
      clock.advance(2_000);
      await second.outbox();
      clock.advance(1_000);
      await second.outbox();
      const hot = fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0HOT0001");
      expect(hot).toHaveLength(1); // the two pending leads, combined
      expect(fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0OTHER01")).toHaveLength(0);
      // The dead instance's lease runs out, then its row is delivered.
      clock.advance(60_000);
      await second.outbox();
      clock.advance(60_000);
      await second.outbox();
      expect(fake.callsTo("chat.postMessage").filter((c) => c.body.channel === "C0OTHER01")).toHaveLength(1);
      const rows = await second.db.prisma.outboxMessage.findMany({ where: { kind: "hot_lead_post" } });
      expect(rows.every((r) => r.status === "sent")).toBe(true);
      const leadRows = await second.db.prisma.lead.findMany({
        where: { id: { in: leads.map((l) => l.id) } },
      });
      expect(leadRows.every((l) => l.slackTs !== null)).toBe(true);
    } finally {
      await second.halt();
    }
  });

  it("two workers on one database never send the same notice twice", async () => {
    const clock = new TestClock();
    const a = await startSlackTestApp({ kind, rulesYaml: RULES, database, fake, clock });
    const b = await startSlackTestApp({ kind, rulesYaml: RULES, database, fake, clock });
    try {
      for (let i = 0; i < 6; i++) {
        const lead = await createHotLead(a);
        await a.db.prisma.outboxMessage.create({
          data: {
            kind: "hot_lead_post",
            leadId: lead.id,
            channel: `C0PAR${i}`,
            payload: { leadId: lead.id },
          },
        });
      }
      fake.clear();
      clock.advance(2_000);
      await Promise.all([a.outbox(), b.outbox(), a.outbox(), b.outbox()]);
      const channels = fake.callsTo("chat.postMessage").map((c) => String(c.body.channel));
      expect(channels.filter((c) => c.startsWith("C0PAR")).sort()).toEqual([
        "C0PAR0",
        "C0PAR1",
        "C0PAR2",
        "C0PAR3",
        "C0PAR4",
        "C0PAR5",
      ]);
    } finally {
      await a.halt();
      await b.halt();
    }
  });
});
