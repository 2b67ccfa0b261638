// What App Home reads for a rep and for a manager: this week's numbers (assigned, contacted, won,
// median first response), the team's open and breached counts, and the unassigned queue.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import type { Database } from "../../../src/store/db.ts";
import { readHome } from "../../../src/store/reps/read-home.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const RULES = parseRules(`
roles: { managers: [U0BOSS] }
reps:
  - { slackId: U0A, name: Ann }
  - { slackId: U0B, name: Bob }
`);
// A Wednesday; the week started on Monday 2026-03-02.
const NOW = new Date("2026-03-04T12:00:00Z");
const THIS_WEEK = new Date("2026-03-03T09:00:00Z");
const LAST_WEEK = new Date("2026-02-27T09:00:00Z");

describe.each(DB_KINDS)("App Home reads on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
    await db.prisma.rep.createMany({
      data: [
        { slackId: "U0A", name: "Ann" },
        { slackId: "U0B", name: "Bob", paused: true, pausedReason: "3 missed claims in a row" },
      ],
    });
  });
  afterAll(() => test.drop());

  let n = 0;
  const lead = (data: Record<string, unknown>) =>
    db.prisma.lead.create({ data: { email: `home-${n++}@acme.test`, stage: "sql", ...data } });

  it("counts the rep's week and the team's queue", async () => {
    const answered = await lead({
      ownerSlackId: "U0A",
      contactedAt: THIS_WEEK,
      firstResponseAt: new Date(THIS_WEEK.getTime() + 60_000),
    });
    const waiting = await lead({ ownerSlackId: "U0A" });
    await lead({ ownerSlackId: "U0A", lostAt: THIS_WEEK });
    await lead({ ownerSlackId: "U0A", stage: "customer" });
    await lead({ grade: "hot", stage: "mql" });
    await lead({});
    await lead({ stage: "nurture" });
    await db.prisma.assignment.createMany({
      data: [
        { leadId: answered.id, repSlackId: "U0A", method: "claim", createdAt: THIS_WEEK },
        {
          leadId: waiting.id,
          repSlackId: "U0A",
          method: "round_robin",
          createdAt: THIS_WEEK,
          breachedAt: NOW,
        },
        { leadId: waiting.id, repSlackId: "U0A", method: "round_robin", createdAt: LAST_WEEK },
      ],
    });
    await db.prisma.outcome.create({
      data: { leadId: answered.id, kind: "won", byUserId: "U0A", occurredAt: THIS_WEEK },
    });
    const ctx = { db, rules: RULES, now: () => NOW };

    const rep = await readHome({ ctx, userId: "U0A" });
    expect(rep.availability).toEqual({ state: "available" });
    expect(rep.week).toEqual({ assigned: 2, contacted: 1, won: 1, medianFirstResponseMs: 60_000 });
    expect(rep.team).toBeNull();
    expect(rep.unassigned).toBeNull();

    const manager = await readHome({ ctx, userId: "U0BOSS" });
    expect(manager.team).toEqual([
      { slackId: "U0A", openLeads: 2, breached: 1, capacity: null, availability: { state: "available" } },
      {
        slackId: "U0B",
        openLeads: 0,
        breached: 0,
        capacity: null,
        availability: { state: "paused", reason: "3 missed claims in a row" },
      },
    ]);
    // Unowned and open, hot or sales-ready: the mql hot lead and the plain sql one.
    expect(manager.unassigned).toBe(2);
  });
});
