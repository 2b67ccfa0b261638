// HubSpot deal on won through the outbound outbox, faked at the HTTP layer with nock (issue 17,
// part 2): a lead.won upserts the contact, upserts the deal by the outcome's id with the amount,
// and associates it with the contact; a redelivery upserts the same deal id, not a second deal.
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { markWon } from "../../../src/flows/mark-won.ts";
import { runDeliveriesOnce } from "../../../src/outbound/run-deliveries-once.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const API = "http://hubspot.test";
const CONTACTS = "/crm/v3/objects/contacts/batch/upsert";
const DEALS = "/crm/v3/objects/deals/batch/upsert";
const ASSOCIATE = "/crm/v4/objects/deal/901/associations/default/contact/501";
const OWNER = "U0OWNER01";
const MANAGER = "U0MANAGER";

describe.each(DB_KINDS)("HubSpot deal on won on %s", (kind) => {
  let app: TestApp;
  let clock = Date.parse("2026-12-07T09:00:00Z");
  const now = () => new Date(clock);
  const pass = () => runDeliveriesOnce(app.ctx, app.outbound.hooks, { random: () => 0.5 });

  beforeAll(async () => {
    app = await startTestApp({
      kind,
      now,
      rulesYaml: `
scoring: { fit: [], engagement: [] }
roles: { managers: [${MANAGER}] }
reps:
  - { slackId: ${OWNER}, name: Owner }
outbound:
  hubspot:
    apiUrl: ${API}
    token: pat-test-token
    events: [lead.won]
    deals: { pipeline: sales, stage: won_stage }
`,
    });
    nock.disableNetConnect();
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await app.close();
  });

  async function wonLead(email: string) {
    const lead = await app.db.prisma.lead.create({
      data: {
        email,
        company: "Acme",
        stage: "sql",
        ownerSlackId: OWNER,
        createdAt: new Date(clock - 7_200_000),
        claimedAt: new Date(clock - 3_600_000),
      },
    });
    await app.db.prisma.assignment.create({
      data: { leadId: lead.id, repSlackId: OWNER, method: "claim", route: "default" },
    });
    return markWon({
      ctx: app.ctx,
      leadId: lead.id,
      actor: MANAGER,
      input: { amount: 1200, currency: "EUR", closedAt: now() },
    });
  }

  it("upserts the deal by the outcome's id with the amount and associates it with the contact", async () => {
    const { outcomeId } = await wonLead("won@hub.example");
    const deals: unknown[] = [];
    const contact = () =>
      nock(API)
        .post(CONTACTS)
        .reply(200, { status: "COMPLETE", results: [{ id: "501" }] });
    const deal = () =>
      nock(API, { reqheaders: { authorization: "Bearer pat-test-token" } })
        .post(DEALS, (body) => {
          deals.push(body);
          return true;
        })
        .reply(200, { status: "COMPLETE", results: [{ id: "901" }] });
    // The association fails once: the event is retried whole and upserts the same deal again.
    contact();
    deal();
    nock(API).put(ASSOCIATE).reply(503, "unavailable");
    expect(await pass()).toMatchObject({ retried: 1 });
    contact();
    deal();
    const associated = nock(API).put(ASSOCIATE).reply(200, {});
    clock += 60 * 60 * 1000;
    expect(await pass()).toMatchObject({ delivered: 1 });
    associated.done();
    const expected = {
      inputs: [
        {
          idProperty: "leadops_outcome_id",
          id: outcomeId,
          properties: {
            dealname: "Acme (won in LeadOps)",
            amount: "1200",
            pipeline: "sales",
            dealstage: "won_stage",
          },
        },
      ],
    };
    expect(deals).toEqual([expected, expected]);
  });

  it("dead-letters at once when the token is refused on the deal", async () => {
    await wonLead("refused@hub.example");
    nock(API)
      .post(CONTACTS)
      .reply(200, { results: [{ id: "502" }] });
    nock(API).post(DEALS).reply(403, { category: "MISSING_SCOPES" });
    expect(await pass()).toMatchObject({ dead: 1 });
  });
});
