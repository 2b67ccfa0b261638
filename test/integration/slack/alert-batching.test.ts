// Alerts worth reading, seen from Slack's side (the fake Web API): a burst of threshold alerts for
// one channel is one summary, a quiet channel gets each alert, a summary already in Slack when the
// process died is not posted again, and alerts that waited past alerts.staleAfterMinutes are
// dropped and counted in one message to the managers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { outboxMetadata } from "../../../src/slack/outbox/find-posted.ts";
import { LEASE_MS } from "../../../src/slack/outbox/pass.ts";
import { dropStaleAlerts } from "../../../src/store/outbox/alert-batches.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { type SlackTestApp, startSlackTestApp } from "../../helpers/slack.ts";
import { createHotLead, RULES, textOf } from "./setup.ts";

const MARKETING = "C0MKT0001";
const MANAGERS = "C0MGR0001";

describe.each(DB_KINDS)("alert batching (%s)", (kind) => {
  let app: SlackTestApp;
  beforeAll(async () => {
    app = await startSlackTestApp({
      kind,
      rulesYaml: `${RULES}alerts: { batchPerMinute: 5, staleAfterMinutes: 30 }\n`,
    });
  });
  afterAll(async () => {
    await app?.close();
  });

  const crossing = {
    field: "grade",
    from: "cold",
    to: "warm",
    direction: "up",
    reason: "total score reached 30",
  };
  async function queueAlerts(n: number, status: "pending" | "sending" = "pending") {
    const rows = [];
    for (let i = 0; i < n; i++) {
      const lead = await createHotLead(app, { grade: "warm", stage: "mql", totalScore: 35 });
      rows.push(
        await app.db.prisma.outboxMessage.create({
          data: {
            kind: "threshold_alert",
            leadId: lead.id,
            payload: { leadId: lead.id, total: 35, crossings: [crossing] },
            ...(status === "sending"
              ? { status, nextAttemptAt: new Date(app.clock.now().getTime() + LEASE_MS) }
              : {}),
          },
        }),
      );
    }
    return rows;
  }
  const posts = (channel: string) =>
    app.fake.callsTo("chat.postMessage").filter((c) => c.body.channel === channel);
  const rowsOf = (ids: bigint[]) => app.db.prisma.outboxMessage.findMany({ where: { id: { in: ids } } });

  /** Passes a second apart until nothing is claimed, then a quiet minute. */
  async function drain() {
    for (let i = 0; i < 20; i++) {
      app.clock.advance(1_000);
      if ((await app.outbox()).claimed === 0) break;
    }
    app.clock.advance(61_000);
    await app.outbox();
  }

  it("a burst of more than batchPerMinute alerts for one channel is one summary, every row settled by it", async () => {
    app.fake.clear();
    const rows = await queueAlerts(12);
    const run = await app.outbox();
    expect(run.sent).toBe(12);
    expect(posts(MARKETING)).toHaveLength(1);
    const body = posts(MARKETING)[0]?.body ?? {};
    expect(textOf(body)).toContain("12 threshold alerts at once: 12 leads crossed to warm");
    expect(textOf(body)).toContain("Jane Doe");
    expect((body.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    const stored = await rowsOf(rows.map((r) => r.id));
    expect(new Set(stored.map((r) => r.status))).toEqual(new Set(["sent"]));
    expect(new Set(stored.map((r) => (r.result as { ts: string }).ts)).size).toBe(1);
    expect(
      (body.metadata as { event_payload: { outbox_ids: string } }).event_payload.outbox_ids.split(","),
    ).toHaveLength(12);
    await drain();
  });

  it("a quiet channel gets each alert as it comes", async () => {
    app.fake.clear();
    await queueAlerts(3);
    await drain();
    expect(posts(MARKETING)).toHaveLength(3);
    expect(
      posts(MARKETING)
        .map((p) => textOf(p.body))
        .join(),
    ).not.toContain("at once");
  });

  it("a summary that reached Slack before the process died is found there, not posted again", async () => {
    app.fake.clear();
    const rows = await queueAlerts(8, "sending");
    app.fake.seed({
      channel: MARKETING,
      text: "8 threshold alerts",
      metadata: outboxMetadata(rows.map((r) => r.id)),
    });
    app.fake.clear();
    app.clock.advance(LEASE_MS + 1_000);
    const run = await app.outbox();
    expect(run).toMatchObject({ sent: 8, recovered: 8 });
    expect(posts(MARKETING)).toHaveLength(0);
    const stored = await rowsOf(rows.map((r) => r.id));
    expect(stored.every((r) => r.status === "sent" && (r.result as { recovered?: boolean }).recovered)).toBe(
      true,
    );
    await drain();
    expect(posts(MARKETING)).toHaveLength(0);
  });

  it("alerts older than staleAfterMinutes are dropped and counted in one message to the managers", async () => {
    app.fake.clear();
    const rows = await queueAlerts(4);
    app.clock.advance(31 * 60_000);
    await drain();
    expect(posts(MARKETING)).toHaveLength(0);
    const stored = await rowsOf(rows.map((r) => r.id));
    expect(stored.map((r) => r.status)).toEqual(["skipped", "skipped", "skipped", "skipped"]);
    const toManagers = posts(MANAGERS);
    expect(toManagers).toHaveLength(1);
    expect(textOf(toManagers[0]?.body)).toContain("4 threshold alerts");
    expect(textOf(toManagers[0]?.body)).toContain("dropped as stale");
  });

  it("stale alerts dropped while the managers' count is still queued are added to it: one message", async () => {
    await drain();
    app.fake.clear();
    const first = await queueAlerts(2);
    const second = await queueAlerts(3);
    const cutoff = new Date(Date.now() + 60_000);
    const drop = (rows: { id: bigint }[]) =>
      dropStaleAlerts(app.db, { ids: rows.map((r) => r.id), cutoff, reason: "stale", staleAfterMinutes: 30 });
    expect(await drop(first)).toBe(5);
    expect(await drop(second)).toBe(0);
    await queueAlerts(1).then(drop);
    const counts = await app.db.prisma.outboxMessage.findMany({
      where: { kind: "alerts_dropped", status: "pending" },
    });
    expect(counts.map((c) => (c.payload as { count: number }).count)).toEqual([6]);
    await drain();
    expect(posts(MANAGERS)).toHaveLength(1);
    expect(textOf(posts(MANAGERS)[0]?.body)).toContain("6 threshold alerts");
  });
});
