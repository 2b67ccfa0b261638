// Encharge tags and score field through the outbound outbox, faked at the HTTP layer with nock
// (issue 17, part 3): segment tags added and removed as the lead enters and leaves, the stage
// tag kept to the lead's stage, the score written to the configured field; 429 with Retry-After
// and 5xx retried, a refused key dead-lettered at once (as for HubSpot).
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runDeliveriesOnce } from "../../../src/outbound/run-deliveries-once.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const API = "http://encharge.test/v1";
const OTHER_STAGES =
  "leadops-stage-mql,leadops-stage-sql,leadops-stage-customer,leadops-stage-nurture,leadops-stage-disqualified";

describe.each(DB_KINDS)("Encharge tags on %s", (kind) => {
  let app: TestApp;
  let clock = Date.parse("2026-12-07T09:00:00Z");
  const now = () => new Date(clock);
  const pass = () => runDeliveriesOnce(app.ctx, app.outbound.hooks, { random: () => 0.5 });
  const drain = async () => {
    let delivered = 0;
    for (let i = 0; i < 10; i++) {
      const r = await pass();
      delivered += r.delivered;
      if (r.delivered + r.retried + r.dead === 0) break;
    }
    return delivered;
  };
  const post = (body: Record<string, unknown>) =>
    postSigned(app.server, "/webhooks/leads", body, { timestamp: Math.floor(clock / 1000) });
  const rowOf = async (email: string) => {
    const [row] = await app.db.sql.query<{ status: string; attempts: number; lastError: string | null }>(
      `SELECT d.status, d.attempts, d."lastError" FROM "OutboundDelivery" d JOIN "Lead" l ON l.id = d."leadId"
       WHERE l.email = $1 ORDER BY d.seq DESC LIMIT 1`,
      [email],
    );
    return row;
  };
  /** Every call Encharge receives, in order, as "METHOD path body". */
  const record = () => {
    const calls: string[] = [];
    const log = (method: string) => (uri: string, body: unknown) => {
      calls.push(`${method} ${uri.replace("/v1", "")} ${JSON.stringify(body)}`);
      return [200, {}] as [number, object];
    };
    nock(API, { reqheaders: { "x-encharge-token": "enc-test-key" } })
      .persist()
      .post("/people")
      .reply(log("POST"))
      .post("/tags")
      .reply(log("POST"))
      .delete("/tags")
      .reply(log("DELETE"));
    return calls;
  };

  beforeAll(async () => {
    app = await startTestApp({
      kind,
      now,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET },
      rulesYaml: `
scoring: { fit: [{ id: ceo, when: { field: title, op: eq, value: CEO }, points: 12 }], engagement: [] }
segments:
  - { name: execs, kind: demographic, when: { field: title, op: eq, value: CEO } }
outbound:
  encharge:
    apiUrl: ${API}
    apiKey: enc-test-key
    fields: { score: lsScore }
`,
    });
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await app.close();
  });

  it("tags the segment on entering and untags it on leaving, with the score in its field", async () => {
    const calls = record();
    await post({ email: "ann@enc.example", title: "CEO" });
    await drain();
    const tagOf = (tag: string) => `{"email":"ann@enc.example","tag":"${tag}"}`;
    // lead.created: the person with the score, the stage tag, the other stages' tags removed.
    expect(calls.slice(0, 3)).toEqual([
      'POST /people {"email":"ann@enc.example","lsScore":12}',
      `POST /tags ${tagOf("leadops-stage-lead")}`,
      `DELETE /tags ${tagOf(OTHER_STAGES)}`,
    ]);
    // segment.entered
    expect(calls).toContain(`POST /tags ${tagOf("leadops-segment-execs")}`);
    expect(calls).not.toContain(`DELETE /tags ${tagOf("leadops-segment-execs")}`);
    calls.length = 0;
    await post({ email: "ann@enc.example", title: "Intern" });
    await drain();
    expect(calls).toContain(`DELETE /tags ${tagOf("leadops-segment-execs")}`);
    expect(calls).toContain('POST /people {"email":"ann@enc.example","lsScore":0}');
    expect(calls).not.toContain(`POST /tags ${tagOf("leadops-segment-execs")}`);
  });

  it("waits as long as a 429's Retry-After asks, then sends", async () => {
    nock(API).post("/people").reply(429, {}, { "Retry-After": "30" });
    await post({ email: "ben@enc.example" });
    expect(await pass()).toMatchObject({ retried: 1 });
    clock += 25_000;
    expect(await pass()).toMatchObject({ delivered: 0, retried: 0 });
    record();
    clock += 10_000;
    expect(await pass()).toMatchObject({ delivered: 1 });
    expect(await rowOf("ben@enc.example")).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("retries a 5xx on any of the event's calls", async () => {
    nock(API).post("/people").reply(200, {}).post("/tags").reply(503, "unavailable");
    await post({ email: "cat@enc.example" });
    expect(await pass()).toMatchObject({ retried: 1 });
    expect(await rowOf("cat@enc.example")).toMatchObject({
      status: "pending",
      lastError: "POST /tags: HTTP 503",
    });
    record();
    clock += 60 * 60 * 1000;
    expect(await pass()).toMatchObject({ delivered: 1 });
  });

  it("dead-letters at once when the API key is refused", async () => {
    nock(API).post("/people").reply(401, { error: "Unauthorized" });
    await post({ email: "dan@enc.example" });
    expect(await pass()).toMatchObject({ dead: 1 });
    expect(await rowOf("dan@enc.example")).toMatchObject({
      status: "dead",
      lastError: "Encharge refused the API key (HTTP 401)",
    });
  });
});
