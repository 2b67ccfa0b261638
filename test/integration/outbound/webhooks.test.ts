// Signed outbound webhooks against a local receiver (issue 17, part 1): queued in the change's
// transaction, signed, in order per lead, redelivered with the same id, dead-lettered after the
// 24-hour budget, replayed, and taken back from an instance that died mid-delivery.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runReplay } from "../../../src/cli/commands/outbound.ts";
import { forgetLead } from "../../../src/flows/forget-lead.ts";
import { verifyLeadOps } from "../../../src/intake/signatures.ts";
import { run as outboundPurge } from "../../../src/jobs/outbound-purge.ts";
import { runDeliveriesOnce } from "../../../src/outbound/run-deliveries-once.ts";
import { claimDeliveries } from "../../../src/store/outbound/claim-deliveries.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "../intake/signed.ts";
import { type Receiver, startReceiver } from "./receiver.ts";

const HOOK_SECRET = "receiver-shared-secret";
const HOUR = 60 * 60 * 1000;

describe.each(DB_KINDS)("outbound webhooks on %s", (kind) => {
  let app: TestApp;
  let receiver: Receiver;
  let clock = Date.parse("2026-12-07T09:00:00Z");
  const now = () => new Date(clock);
  const pass = () => runDeliveriesOnce(app.ctx, app.outbound.hooks, { random: () => 0.5 });
  /** Passes until one finds nothing to do (a lead's later events go one pass after the earlier). */
  const drain = async () => {
    for (let i = 0; i < 20; i++) {
      const r = await pass();
      if (r.delivered + r.retried + r.dead + r.skipped === 0) return;
    }
  };
  const post = (body: Record<string, unknown>) =>
    postSigned(app.server, "/webhooks/leads", body, { timestamp: Math.floor(clock / 1000) });
  const statuses = async () =>
    app.db.sql.query<{ type: string; status: string; email: string }>(
      `SELECT d.type, d.status, l.email FROM "OutboundDelivery" d JOIN "Lead" l ON l.id = d."leadId" ORDER BY d.seq`,
    );

  /** A sample of /metrics (the registry is the process's: both database kinds count into it). */
  const metric = async (line: string) => {
    const body = (await app.server.inject({ method: "GET", url: "/metrics" })).body;
    return Number(
      body
        .split("\n")
        .find((l) => l.startsWith(`${line} `))
        ?.slice(line.length + 1) ?? 0,
    );
  };
  const DEAD = 'leadops_outbound_deliveries_total{subscription="crm",result="dead"}';

  beforeAll(async () => {
    receiver = await startReceiver();
    app = await startTestApp({
      kind,
      now,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET },
      // One fit rule, so scores change only where a test means them to (no routing: nobody turns hot).
      rulesYaml: `
scoring:
  fit:
    - { id: engineer, when: { field: title, op: eq, value: Engineer }, points: 10 }
  engagement: []
outbound:
  webhooks:
    - name: crm
      url: ${receiver.url}
      secret: ${HOOK_SECRET}
      events: [lead.created, lead.updated, lead.won]
`,
    });
  });
  afterAll(async () => {
    await app.close();
    await receiver.close();
  });

  it("queues the event with the change and sends it after the request, signed", async () => {
    const res = await post({ email: "ada@analytical.example", firstName: "Ada", company: "Analytical" });
    expect(res.statusCode).toBe(201);
    // The request answered without calling the receiver: delivery is the worker's.
    expect(receiver.received).toHaveLength(0);
    expect(await pass()).toEqual({ delivered: 1, retried: 0, dead: 0, skipped: 0 });
    const [got] = receiver.received;
    expect(
      verifyLeadOps({
        secret: HOOK_SECRET,
        timestamp: got!.headers["x-leadops-timestamp"] as string,
        signature: got!.headers["x-leadops-signature"] as string,
        body: Buffer.from(got!.body),
        nowMs: clock,
      }),
    ).toEqual({ ok: true });
    expect(got!.json).toMatchObject({
      type: "lead.created",
      occurredAt: now().toISOString(),
      lead: { email: "ada@analytical.example", stage: "lead", grade: "cold", owner: null, segments: [] },
    });
    expect(got!.headers["x-leadops-event-id"]).toBe(got!.json.id);
    expect(await pass()).toEqual({ delivered: 0, retried: 0, dead: 0, skipped: 0 });
  });

  it("while the receiver is down, retries each event with its id; once up, every event arrives in order per lead", async () => {
    receiver.received.length = 0;
    receiver.answer = { status: 503, headers: { "retry-after": "120" } };
    await post({ email: "bob@builders.example", firstName: "Bob" });
    await post({ email: "bob@builders.example", title: "Engineer" });
    await post({ email: "cy@cyan.example", firstName: "Cy" });
    await post({ email: "bob@builders.example", company: "Builders" });

    // Bob's update waits behind his creation; Cy's creation does not wait for Bob.
    expect(await pass()).toEqual({ delivered: 0, retried: 2, dead: 0, skipped: 0 });
    const firstTries = receiver.received.map((r) => [r.json.type, r.json.lead?.email, r.json.id]);
    expect(firstTries).toEqual([
      ["lead.created", "bob@builders.example", expect.any(String)],
      ["lead.created", "cy@cyan.example", expect.any(String)],
    ]);
    // Retry-After (2 minutes) is longer than the first backoff: nothing is due a minute later.
    clock += 60_000;
    expect(await pass()).toEqual({ delivered: 0, retried: 0, dead: 0, skipped: 0 });
    clock += 2 * HOUR;
    expect(await pass()).toMatchObject({ retried: 2 });

    receiver.received.length = 0;
    receiver.answer = { status: 200 };
    clock += 2 * HOUR;
    await drain();
    const arrived = receiver.received.map((r) => [r.json.type, r.json.lead?.email, r.json.id]);
    expect(arrived.filter((a) => a[1] === "bob@builders.example").map((a) => a[0])).toEqual([
      "lead.created",
      "lead.updated",
      "lead.updated",
      "lead.updated",
    ]);
    expect(arrived.filter((a) => a[1] === "cy@cyan.example").map((a) => a[0])).toEqual(["lead.created"]);
    // The redelivered creations carry the ids of their first tries.
    expect(arrived.map((a) => a[2])).toEqual(expect.arrayContaining(firstTries.map((t) => t[2])));
    expect(new Set(arrived.map((a) => a[2])).size).toBe(5);
    // The field change, the score it caused (a refresh, not an audit entry), the next field change.
    const bobUpdates = receiver.received.filter((r) => r.json.type === "lead.updated");
    expect(bobUpdates.map((r) => r.json.data)).toEqual([
      { changes: { title: { from: null, to: "Engineer" } } },
      { changes: { score: { from: 0, to: 10 } } },
      { changes: { company: { from: null, to: "Builders" } } },
    ]);
  });

  it("dead-letters an event after 24 hours of failures, counts it, and lets the lead's next event go", async () => {
    receiver.received.length = 0;
    receiver.answer = { status: 500 };
    const deadBefore = await metric(DEAD);
    await post({ email: "dee@dead.example", firstName: "Dee" });
    expect(await pass()).toMatchObject({ retried: 1 });
    for (let i = 0; i < 30; i++) {
      clock += HOUR;
      await pass();
    }
    const rows = (await statuses()).filter((r) => r.email === "dee@dead.example");
    expect(rows).toEqual([{ type: "lead.created", status: "dead", email: "dee@dead.example" }]);
    const ids = new Set(receiver.received.map((r) => r.json.id));
    expect(ids.size).toBe(1);

    expect(await metric(DEAD)).toBe(deadBefore + 1);
    expect(await metric('leadops_outbound_backlog{subscription="crm",status="dead"}')).toBe(1);

    receiver.answer = { status: 200 };
    receiver.received.length = 0;
    await post({ email: "dee@dead.example", title: "Founder" });
    await drain();
    expect(receiver.received.map((r) => r.json.type)).toEqual(["lead.updated"]);

    // Replay from the dead event's time: it (and the later one) go again, with their ids.
    const out: string[] = [];
    const since = new Date(clock - 40 * HOUR);
    const code = await runReplay(
      { out: (l) => out.push(l), err: () => {} },
      { ctx: app.ctx, since, webhook: "crm" },
    );
    expect(code).toBe(0);
    expect(out[0]).toMatch(/^Queued \d+ outbound events/);
    receiver.received.length = 0;
    await drain();
    const again = receiver.received.filter((r) => r.json.lead?.email === "dee@dead.example");
    expect(again.map((r) => r.json.type)).toEqual(["lead.created", "lead.updated"]);
    expect(again[0]!.json.id).toBe([...ids][0]);
  });

  it("an event claimed by an instance that died is sent once its lease runs out", async () => {
    receiver.received.length = 0;
    await post({ email: "eve@crash.example" });
    // Another instance claims the row and dies before sending it.
    const claimed = await app.db.transaction((tx) =>
      claimDeliveries(tx, { now: now(), leaseMs: 60_000, limit: 10 }),
    );
    expect(claimed).toHaveLength(1);
    expect(await pass()).toMatchObject({ delivered: 0 });
    clock += 61_000;
    expect(await pass()).toMatchObject({ delivered: 1 });
    expect(receiver.received.map((r) => r.json.id)).toEqual([claimed[0]!.eventId]);
  });

  it("forgetting a lead empties its outbound rows; one still queued goes out without the person", async () => {
    receiver.received.length = 0;
    await post({ email: "fay@forget.example" });
    await pass();
    await post({ email: "fay@forget.example", title: "Secret Agent" });
    await forgetLead({ db: app.db, email: "fay@forget.example", actor: "cli", now: now() });
    const rows = await app.db.sql.query<{ data: unknown }>(
      `SELECT d.data FROM "OutboundDelivery" d JOIN "Lead" l ON l.id = d."leadId" WHERE l.email LIKE 'forgotten-%' OR l."forgottenAt" IS NOT NULL ORDER BY d.seq`,
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => JSON.stringify(r.data) === "{}")).toBe(true);
    await drain();
    const last = receiver.received.at(-1)!;
    expect(last.json).toMatchObject({ type: "lead.updated", lead: null, data: {} });
    expect(last.body).not.toContain("Secret Agent");
  });

  it("the purge job deletes sent rows after 7 days and dead ones after 30, nothing still to send", async () => {
    const count = async (): Promise<Record<string, number>> =>
      Object.fromEntries(
        (
          await app.db.sql.query<{ status: string; n: number }>(
            `SELECT status, count(*)::int AS n FROM "OutboundDelivery" GROUP BY status ORDER BY status`,
          )
        ).map((r) => [r.status, r.n]),
      );
    receiver.answer = { status: 500 };
    await post({ email: "gus@purge.example" });
    await pass();
    const before = await count();
    expect(before.pending).toBe(1);
    expect(before.delivered).toBeGreaterThan(0);
    const { purged } = await outboundPurge(app.ctx, new Date(clock + 8 * 24 * HOUR));
    const after = await count();
    expect(purged).toBe(before.delivered);
    expect(after).toEqual({ dead: before.dead, pending: 1 });
    receiver.answer = { status: 200 };
  });
});
