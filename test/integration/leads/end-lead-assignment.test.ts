// Won, lost and released end the lead's open assignment, audit the action and queue the update of
// the lead's post (endLeadAssignment), each with its own reason, audit data and post payload.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import { markLost } from "../../../src/flows/mark-lost.ts";
import { markWon } from "../../../src/flows/mark-won.ts";
import { releaseLead } from "../../../src/flows/release-lead.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const OWNER = "U0OWNER01";
const MANAGER = "U0MANAGER";
const rules = parseRules(`
channels: { hot: C0HOT0001 }
roles: { managers: [${MANAGER}] }
reps:
  - { slackId: ${OWNER}, name: Owner }
`);

describe.each(DB_KINDS)("ending a lead's assignment on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  const now = new Date("2026-05-04T10:00:00Z");
  const ctx = () => ({ db, rules, now: () => now });
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  async function ownedLead() {
    const lead = await db.prisma.lead.create({
      data: {
        email: `lead-${Math.random().toString(36).slice(2, 8)}@acme.test`,
        stage: "sql",
        ownerSlackId: OWNER,
        // Created before the test's clock: a deal cannot close before its lead existed.
        createdAt: new Date(now.getTime() - 7_200_000),
        claimedAt: new Date(now.getTime() - 3_600_000),
        slackChannel: "C0HOT0001",
        slackTs: "1700000000.000100",
      },
    });
    await db.prisma.assignment.create({
      data: { leadId: lead.id, repSlackId: OWNER, method: "claim", route: "default" },
    });
    return lead;
  }

  async function effects(leadId: string) {
    const assignments = await db.prisma.assignment.findMany({ where: { leadId } });
    const audit = await db.prisma.auditLog.findMany({ where: { entityId: leadId }, orderBy: { id: "asc" } });
    const outbox = await db.prisma.outboxMessage.findMany({ where: { leadId }, orderBy: { id: "asc" } });
    return {
      assignments: assignments.map((a) => [a.endedAt?.toISOString(), a.endReason]),
      audit: audit.map((a) => [a.actor, a.action, a.data]),
      outbox: outbox.map((o) => [o.kind, o.channel, o.payload, o.dedupeKey]),
    };
  }

  it("lost", async () => {
    const lead = await ownedLead();
    const { outcomeId } = await markLost({ ctx: ctx(), leadId: lead.id, actor: OWNER, reason: "No budget" });
    expect(await effects(lead.id)).toEqual({
      assignments: [[now.toISOString(), "lost"]],
      audit: [[OWNER, "lead.lost", { outcomeId, reason: "No budget" }]],
      outbox: [
        [
          "lead_post_update",
          "C0HOT0001",
          { leadId: lead.id, channel: "C0HOT0001", ts: "1700000000.000100" },
          null,
        ],
      ],
    });
  });

  it("won", async () => {
    const lead = await ownedLead();
    const { outcomeId } = await markWon({
      ctx: ctx(),
      leadId: lead.id,
      actor: MANAGER,
      input: { amount: 1200, currency: "EUR", closedAt: now },
    });
    expect(await effects(lead.id)).toEqual({
      assignments: [[now.toISOString(), "won"]],
      audit: [[MANAGER, "lead.won", { outcomeId, amount: 1200, currency: "EUR" }]],
      outbox: [
        [
          "lead_post_update",
          "C0HOT0001",
          { leadId: lead.id, channel: "C0HOT0001", ts: "1700000000.000100" },
          null,
        ],
      ],
    });
  });

  it("released, then re-posted for a claim", async () => {
    const lead = await ownedLead();
    await releaseLead({ ctx: ctx(), leadId: lead.id, actor: OWNER, reason: " wrong region " });
    const post = { leadId: lead.id, channel: "C0HOT0001", ts: "1700000000.000100" };
    expect(await effects(lead.id)).toEqual({
      assignments: [[now.toISOString(), "released"]],
      audit: [[OWNER, "lead.released", { previousOwner: OWNER, reason: "wrong region" }]],
      outbox: [
        ["lead_post_update", "C0HOT0001", { ...post, releasedBy: OWNER, reason: "wrong region" }, null],
        ["hot_lead_post", "C0HOT0001", { leadId: lead.id, repost: true }, `hot:${lead.id}:release:1:1`],
        // The re-post is a new thread, with its own score receipt.
        ["score_receipt", null, { leadId: lead.id }, `receipt:${lead.id}:release:1:1`],
      ],
    });
  });
});
