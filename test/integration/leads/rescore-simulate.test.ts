import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import { ValidationError } from "../../../src/core/errors.ts";
import { simulateLead } from "../../../src/core/leads/simulate-lead.ts";
import { rescoreLeads } from "../../../src/flows/rescore-leads.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const now = new Date("2026-11-20T12:00:00Z");
const ctxFor = (yaml: string) => {
  const rules = parseRules(yaml);
  return { rules, rulesHash: rulesHash(rules), now: () => now };
};

describe.each(DB_KINDS)("rescoreLeads on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  it("rescoring with changed rules updates every stale lead, then nothing is stale", async () => {
    for (let i = 0; i < 25; i++) {
      const lead = await db.prisma.lead.create({ data: { email: `rs${i}@acme.io`, createdAt: now } });
      await db.prisma.leadEvent.create({ data: { leadId: lead.id, type: "email_clicked", occurredAt: now } });
    }
    const v1 = ctxFor("");
    expect((await rescoreLeads({ db, ctx: v1, batchSize: 7 })).rescored).toBe(25);
    expect(await db.prisma.lead.count({ where: { engagementScore: 10 } })).toBe(25);
    expect((await rescoreLeads({ db, ctx: v1 })).rescored).toBe(0);

    const v2 = ctxFor("scoring:\n  engagement:\n    - { id: clicked, event: email_clicked, points: 40 }\n");
    expect(v2.rulesHash).not.toBe(v1.rulesHash);
    expect((await rescoreLeads({ db, ctx: v2, batchSize: 10 })).rescored).toBe(25);
    const leads = await db.prisma.lead.findMany({
      select: { engagementScore: true, grade: true, rulesVersion: true },
    });
    expect(new Set(leads.map((l) => `${l.engagementScore}/${l.grade}/${l.rulesVersion}`))).toEqual(
      new Set([`40/warm/${v2.rulesHash}`]),
    );
  });
});

describe("simulateLead", () => {
  const { rules } = ctxFor("reps:\n  - { slackId: U0AAA1, name: Ann }\n  - { slackId: U0BBB2, name: Bob }\n");

  it("scores, segments and routes without a database", () => {
    const result = simulateLead({
      rules,
      now,
      lead: { email: "x@acme.io", title: "VP Sales" },
      events: [{ type: "trial_started" }, { type: "appointment_booked" }, { type: "email_replied" }],
    });
    expect(result.score.engagement).toBe(65);
    expect(result.grade).toBe("hot");
    expect(result.stage.stage).toBe("sql");
    expect(result.routing?.outcome.kind).toBe("claim");
    expect(result.explanation).toContain("trial_started");
    expect(result.explanation).toContain("Route");
  });

  it("names the bad fields of a bad input", () => {
    expect(() => simulateLead({ rules, now, lead: { companySize: "many" }, events: [{}] })).toThrow(
      ValidationError,
    );
    try {
      simulateLead({ rules, now, lead: { companySize: "many" } });
    } catch (err) {
      expect((err as ValidationError).details[0]?.field).toBe("lead.companySize");
    }
  });
});
