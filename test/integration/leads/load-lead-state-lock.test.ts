// A refresh that has to wait for another transaction's lock on the lead must decide from what
// that transaction committed. Under READ COMMITTED a single `SELECT … FOR UPDATE` whose
// subqueries read the events, memberships and receipt returns the lead row as it is after the
// wait but those subqueries as they were before it; loadLeadStates therefore locks in one
// statement and reads in the next. PGlite runs one transaction at a time, so only a server can
// interleave two refreshes: this file runs on PostgreSQL only.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import { captureLead } from "../../../src/flows/capture-leads.ts";
import { insertEvent } from "../../../src/flows/record-event.ts";
import { type RefreshResult, refreshLead, refreshLeads } from "../../../src/flows/refresh-lead.ts";
import { rescoreLeads } from "../../../src/flows/rescore-leads.ts";
import type { Database, Tx } from "../../../src/store/db.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/db.ts";
import { signal, waitForLockWaiters } from "../../helpers/lock-waits.ts";

const DAY = 86_400_000;
const start = new Date("2026-11-20T12:00:00Z");
const daysAgo = (n: number) => new Date(start.getTime() - n * DAY);

// Default scoring (an email click is 10 points, decaying) plus a segment decided by a lead
// column, so a change to the lead row alone makes the lead enter it.
const RULES = `
segments:
  - { name: dach, kind: geographic, when: { field: country, op: in, value: [DE, AT, CH] } }
`;

describe("loadLeadStates after a lock wait on postgres", () => {
  let test: TestDatabase;
  let db: Database;
  const rules = parseRules(RULES);
  const ctx = () => ({ db, rules, rulesHash: rulesHash(rules), now: () => start });
  beforeAll(async () => {
    test = await createTestDatabase("postgres");
    db = test.db;
  });
  afterAll(() => test.drop());

  /**
   * Runs `change` in transaction A and keeps A open (holding the lead's row lock) until
   * `second` is seen waiting for a lock, then commits A. Returns what each one returned.
   */
  async function race<T>(change: (tx: Tx) => Promise<RefreshResult>, second: () => Promise<T>) {
    const { promise: gate, fire: release } = signal();
    const { promise: locked, fire: holding } = signal();
    const a = db.transaction(async (tx) => {
      const result = await change(tx);
      holding();
      await gate;
      return result;
    });
    await locked;
    const b = second();
    try {
      await waitForLockWaiters(test.url!);
    } finally {
      release();
    }
    const [first, other] = await Promise.all([a, b]);
    return { first, second: other };
  }

  async function scoresOf(leadId: string) {
    const [row] = await db.sql.query<{
      engagementScore: number;
      totalScore: number;
      lines: { rule: string; currentPoints: number }[];
    }>(
      `SELECT l."engagementScore", l."totalScore",
         COALESCE((SELECT json_agg(json_build_object('rule', s.rule, 'currentPoints', s."currentPoints")
                   ORDER BY s.rule) FROM "ScoreEntry" s WHERE s."leadId" = l.id), '[]') AS lines
       FROM "Lead" l WHERE l.id = $1::uuid`,
      [leadId],
    );
    return row!;
  }

  it("a decay refresh that waited for a click's transaction scores the click", async () => {
    const { lead } = await captureLead({ ctx: ctx(), input: { email: "race-decay@acme.io" }, actor: "test" });
    const { first, second } = await race(
      async (tx) => {
        await insertEvent(tx, lead.id, { type: "email_clicked", occurredAt: daysAgo(1) }, start);
        return refreshLead({ tx, ctx: ctx(), leadId: lead.id, actor: "click" });
      },
      () =>
        db.transaction((tx) => refreshLeads({ tx, ctx: ctx(), leadIds: [lead.id], actor: "system:decay" })),
    );
    expect(first.score.engagement).toBeGreaterThan(9);
    // Same clock, same events: the waiting refresh must reach the same scores, not undo them.
    expect(second[0]!.score).toEqual(first.score);
    // The row and the receipt agree: the click's line is the whole engagement score.
    const stored = await scoresOf(lead.id);
    expect(stored.engagementScore).toBe(first.score.engagement);
    expect(stored.totalScore).toBe(first.score.total);
    expect(stored.lines.find((l) => l.rule === "email_clicked")?.currentPoints).toBe(stored.engagementScore);
  });

  it("a rescore that waited for a lead change enters the new segment once", async () => {
    const { lead } = await captureLead({
      ctx: ctx(),
      input: { email: "race-rescore@acme.io" },
      actor: "test",
    });
    const { first, second } = await race(
      async (tx) => {
        await tx.sql.query(`UPDATE "Lead" SET country = 'DE' WHERE id = $1::uuid`, [lead.id]);
        return refreshLead({ tx, ctx: ctx(), leadId: lead.id, actor: "edit" });
      },
      () => rescoreLeads({ db, ctx: ctx(), all: true }),
    );
    expect(first.segments).toEqual(["dach"]);
    expect(second.rescored).toBeGreaterThanOrEqual(1);
    const open = await db.sql.query<{ segment: string }>(
      `SELECT segment FROM "SegmentMembership" WHERE "leadId" = $1::uuid AND "leftAt" IS NULL`,
      [lead.id],
    );
    expect(open.map((m) => m.segment)).toEqual(["dach"]);
  });
});
