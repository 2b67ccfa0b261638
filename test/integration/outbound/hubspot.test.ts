// HubSpot contact sync through the outbound outbox, faked at the HTTP layer with nock (issue 17,
// part 2): the contact upserted by email with the LeadOps properties, 429 with Retry-After and
// 5xx retried, a refused token dead-lettered at once.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { runDeliveriesOnce } from "../../../src/outbound/run-deliveries-once.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const API = "http://hubspot.test";
const UPSERT = "/crm/v3/objects/contacts/batch/upsert";

describe.each(DB_KINDS)("HubSpot sync on %s", (kind) => {
  let app: TestApp;
  let clock = Date.parse("2026-12-07T09:00:00Z");
  const now = () => new Date(clock);
  const pass = () => runDeliveriesOnce(app.ctx, app.outbound.hooks, { random: () => 0.5 });
  const post = (email: string) =>
    postSigned(app.server, "/webhooks/leads", { email }, { timestamp: Math.floor(clock / 1000) });
  const rowOf = async (email: string) => {
    const [row] = await app.db.sql.query<{ status: string; attempts: number; lastError: string | null }>(
      `SELECT d.status, d.attempts, d."lastError" FROM "OutboundDelivery" d JOIN "Lead" l ON l.id = d."leadId"
       WHERE l.email = $1 ORDER BY d.seq DESC LIMIT 1`,
      [email],
    );
    return row;
  };

  beforeAll(async () => {
    app = await startTestApp({
      kind,
      now,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET },
      rulesYaml: `
scoring: { fit: [], engagement: [] }
outbound:
  hubspot:
    apiUrl: ${API}
    token: pat-test-token
    events: [lead.created]
    properties: { score: ls_score }
`,
    });
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await app.close();
  });

  it("upserts the contact by email with the LeadOps properties and the private-app token", async () => {
    let sent: unknown;
    const scope = nock(API, { reqheaders: { authorization: "Bearer pat-test-token" } })
      .post(UPSERT, (body) => {
        sent = body;
        return true;
      })
      .reply(200, { status: "COMPLETE", results: [] });
    await post("ann@hub.example");
    expect(await pass()).toMatchObject({ delivered: 1 });
    scope.done();
    expect(sent).toEqual({
      inputs: [
        {
          idProperty: "email",
          id: "ann@hub.example",
          properties: { ls_score: "0", leadops_grade: "cold", leadops_stage: "lead", leadops_segments: "" },
        },
      ],
    });
  });

  it("waits as long as a 429's Retry-After asks, then sends", async () => {
    nock(API).post(UPSERT).reply(429, {}, { "Retry-After": "30" });
    await post("ben@hub.example");
    expect(await pass()).toMatchObject({ retried: 1 });
    clock += 25_000;
    expect(await pass()).toMatchObject({ delivered: 0, retried: 0 });
    const ok = nock(API).post(UPSERT).reply(200, {});
    clock += 10_000;
    expect(await pass()).toMatchObject({ delivered: 1 });
    ok.done();
    expect(await rowOf("ben@hub.example")).toMatchObject({ status: "delivered", attempts: 2 });
  });

  it("retries a 5xx", async () => {
    nock(API).post(UPSERT).reply(502, "bad gateway");
    await post("cat@hub.example");
    expect(await pass()).toMatchObject({ retried: 1 });
    expect(await rowOf("cat@hub.example")).toMatchObject({ status: "pending", lastError: "HTTP 502" });
    nock(API).post(UPSERT).reply(200, {});
    clock += 60 * 60 * 1000;
    expect(await pass()).toMatchObject({ delivered: 1 });
  });

  it("dead-letters at once when the token is refused", async () => {
    nock(API).post(UPSERT).reply(401, { status: "error", category: "INVALID_AUTHENTICATION" });
    await post("dan@hub.example");
    expect(await pass()).toMatchObject({ dead: 1 });
    expect(await rowOf("dan@hub.example")).toMatchObject({
      status: "dead",
      lastError: "HubSpot refused the token (HTTP 401)",
    });
  });
});
