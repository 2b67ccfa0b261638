// `/leads find` with an email (or its start) is a prefix lookup on Lead_email_pattern_idx, not a
// scan of every lead: found on both databases, and the PostgreSQL planner walks the index.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "../../../src/store/db.ts";
import { findLeads } from "../../../src/store/leads/find-leads.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const LEADS = 5000;

describe.each(DB_KINDS)("finding leads by email on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
    await db.prisma.lead.createMany({
      data: Array.from({ length: LEADS }, (_, i) => ({
        email: `person${i}@company${i % 97}.test`,
        name: `Person ${i}`,
      })),
    });
    await db.sql.exec('ANALYZE "Lead"');
  }, 60_000);
  afterAll(() => test.drop());

  it("finds an exact email and an email's start, whatever the case", async () => {
    const exact = await findLeads({ ctx: { db }, query: "Person1234@Company70.test" });
    expect(exact.results.map((r) => r.email)).toEqual(["person1234@company70.test"]);
    const prefix = await findLeads({ ctx: { db }, query: "person4999@" });
    expect(prefix.results.map((r) => r.email)).toEqual(["person4999@company52.test"]);
  });

  it("still finds a domain written as @domain", async () => {
    const found = await findLeads({ ctx: { db }, query: "@company3.test", limit: 100 });
    expect(found.results.length).toBeGreaterThan(40);
    expect(found.results.every((r) => r.email.endsWith("@company3.test"))).toBe(true);
  });

  it.runIf(kind === "postgres")("uses the email pattern index, not a sequential scan", async () => {
    const plan = await db.sql.query<{ "QUERY PLAN": string }>(
      `EXPLAIN SELECT id FROM "Lead" WHERE "email"::text LIKE $1 AND "forgottenAt" IS NULL
       ORDER BY "totalScore" DESC, "createdAt" DESC LIMIT 11`,
      ["person1234@%"],
    );
    const text = plan.map((r) => r["QUERY PLAN"]).join("\n");
    expect(text).toContain("Lead_email_pattern_idx");
    expect(text).not.toContain("Seq Scan");
  });
});
