// Lead.trialStartedAt and Lead.segments are copies the report reads instead of the event and
// membership tables: every write path must keep them equal to what those tables say.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import { captureLead } from "../../../src/flows/capture-leads.ts";
import { type EventInput, insertEvent, recordEvent } from "../../../src/flows/record-event.ts";
import { refreshLead } from "../../../src/flows/refresh-lead.ts";
import { rescoreLeads } from "../../../src/flows/rescore-leads.ts";
import type { Database } from "../../../src/store/db.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";
import { signal, waitForLockWaiters } from "../../helpers/lock-waits.ts";

const DAY = 86_400_000;
const start = new Date("2026-11-20T12:00:00Z");
const daysAgo = (n: number) => new Date(start.getTime() - n * DAY);

// Names whose order differs by collation ("Zeta" sorts first in C, last in en_US): the test
// compares with the database's own ORDER BY, the one the migration's backfill used.
const SEGMENTS = `
segments:
  - { name: Zeta big, kind: demographic, when: { field: companySize, op: gte, value: 1000 } }
  - { name: clickers, kind: behavioural, when: { event: email_clicked, withinDays: 7 } }
  - { name: dach, kind: geographic, when: { field: country, op: in, value: [DE, AT, CH] } }
`;

function contextFor(db: Database, yaml: string) {
  const rules = parseRules(yaml);
  const clock = { now: start };
  return { clock, ctx: { db, rules, rulesHash: rulesHash(rules), now: () => clock.now } };
}

describe.each(DB_KINDS)("Lead report columns on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  const trialStartedAt = async (email: string) =>
    (await db.prisma.lead.findUniqueOrThrow({ where: { email }, select: { trialStartedAt: true } }))
      .trialStartedAt;

  /** The lead's stored segments, and its open memberships as the backfill orders them. */
  async function segmentsOf(leadId: string): Promise<{ stored: string[]; open: string[] }> {
    const [row] = await db.sql.query<{ stored: string[]; open: string[] }>(
      `SELECT l.segments AS stored,
         COALESCE((SELECT array_agg(m.segment ORDER BY m.segment) FROM "SegmentMembership" m
                   WHERE m."leadId" = l.id AND m."leftAt" IS NULL), '{}') AS open
       FROM "Lead" l WHERE l.id = $1::uuid`,
      [leadId],
    );
    return row!;
  }

  describe("trialStartedAt", () => {
    const record = (email: string, event: EventInput) =>
      recordEvent({ ctx: contextFor(db, "").ctx, target: { email }, event, actor: "test" });

    it("is the earliest trial_started occurredAt, whatever order the events arrive in", async () => {
      const email = "trial-order@acme.io";
      await record(email, { externalId: "to-1", type: "trial_started", occurredAt: daysAgo(3) });
      expect(await trialStartedAt(email)).toEqual(daysAgo(3));
      // A later trial (a restart) does not move it.
      await record(email, { externalId: "to-2", type: "trial_started", occurredAt: daysAgo(1) });
      expect(await trialStartedAt(email)).toEqual(daysAgo(3));
      // An earlier one received late does.
      await record(email, { externalId: "to-3", type: "trial_started", occurredAt: daysAgo(9) });
      expect(await trialStartedAt(email)).toEqual(daysAgo(9));
      // Other events, even earlier ones, do not.
      await record(email, { externalId: "to-4", type: "email_opened", occurredAt: daysAgo(20) });
      await record(email, { type: "page_visited", occurredAt: daysAgo(30) });
      expect(await trialStartedAt(email)).toEqual(daysAgo(9));

      const [first] = await db.sql.query<{ min: Date }>(
        `SELECT min(e."occurredAt") AS min FROM "LeadEvent" e JOIN "Lead" l ON l.id = e."leadId"
         WHERE l.email = $1 AND e.type = 'trial_started'`,
        [email],
      );
      expect(await trialStartedAt(email)).toEqual(first!.min);
    });

    it("ignores a duplicate externalId, in one capture and across captures", async () => {
      const email = "trial-dup@acme.io";
      const capture = (events: EventInput[]) =>
        captureLead({ ctx: contextFor(db, "").ctx, input: { email }, events, actor: "test" });
      // The second copy is skipped by ON CONFLICT inside insertEvent, not by a lookup first.
      const first = await capture([
        { externalId: "td-1", type: "trial_started", occurredAt: daysAgo(4) },
        { externalId: "td-1", type: "trial_started", occurredAt: daysAgo(40) },
        { externalId: "td-2", type: "email_opened", occurredAt: daysAgo(2) },
      ]);
      expect(first.events).toEqual({ recorded: 2, duplicates: 1 });
      expect(await trialStartedAt(email)).toEqual(daysAgo(4));

      // The id of a stored non-trial event, now claiming to be an earlier trial: still a duplicate.
      const again = await capture([{ externalId: "td-2", type: "trial_started", occurredAt: daysAgo(50) }]);
      expect(again.events).toEqual({ recorded: 0, duplicates: 1 });
      const dup = await record(email, { externalId: "td-1", type: "trial_started", occurredAt: daysAgo(60) });
      expect(dup.duplicate).toBe(true);
      expect(await trialStartedAt(email)).toEqual(daysAgo(4));
    });

    it("stays null for a lead with no trial_started event", async () => {
      const email = "no-trial@acme.io";
      await captureLead({
        ctx: contextFor(db, "").ctx,
        input: { email },
        events: [
          { externalId: "nt-1", type: "email_opened", occurredAt: daysAgo(2) },
          { externalId: "nt-2", type: "trial_ended", occurredAt: daysAgo(1) },
        ],
        actor: "test",
      });
      await record(email, { type: "appointment_booked", occurredAt: daysAgo(1) });
      expect(await trialStartedAt(email)).toBeNull();
    });

    it("is set by several insertEvent calls in one transaction, keeping the earliest", async () => {
      const lead = await db.prisma.lead.create({ data: { email: "trial-prisma@acme.io" } });
      const other = await db.prisma.lead.create({
        data: { email: "trial-bystander@acme.io", trialStartedAt: daysAgo(99) },
      });
      await db.transaction(async (tx) => {
        await insertEvent(tx, lead.id, { type: "trial_started", occurredAt: daysAgo(5) }, start);
        await insertEvent(tx, lead.id, { type: "trial_started", occurredAt: daysAgo(6) }, start);
        // No occurredAt: the event happened now, which is later.
        await insertEvent(tx, lead.id, { type: "trial_started" }, start);
      });
      expect(await trialStartedAt(lead.email)).toEqual(daysAgo(6));
      expect(await trialStartedAt(other.email)).toEqual(daysAgo(99));
    });
  });

  describe("segments", () => {
    it("follows the open memberships as a lead enters and leaves segments, down to none", async () => {
      const { clock, ctx } = contextFor(db, SEGMENTS);
      const email = "seg-walk@acme.io";
      const { lead } = await captureLead({
        ctx,
        input: { email, companySize: 5000, country: "DE" },
        actor: "test",
      });
      let s = await segmentsOf(lead.id);
      expect(new Set(s.stored)).toEqual(new Set(["Zeta big", "dach"]));
      expect(s.stored).toEqual(s.open);

      await recordEvent({
        ctx,
        target: { leadId: lead.id },
        event: { type: "email_clicked", occurredAt: daysAgo(1) },
        actor: "test",
      });
      s = await segmentsOf(lead.id);
      expect(new Set(s.stored)).toEqual(new Set(["Zeta big", "clickers", "dach"]));
      expect(s.stored).toEqual(s.open);

      await captureLead({ ctx, input: { email, companySize: 20, country: "FR" }, actor: "test" });
      s = await segmentsOf(lead.id);
      expect(s.stored).toEqual(["clickers"]);
      expect(s.stored).toEqual(s.open);

      // Time alone: the click is older than 7 days at the next refresh.
      clock.now = new Date(start.getTime() + 8 * DAY);
      await db.transaction((tx) => refreshLead({ tx, ctx, leadId: lead.id, actor: "system:decay" }));
      s = await segmentsOf(lead.id);
      expect(s).toEqual({ stored: [], open: [] });
      expect(await db.prisma.segmentMembership.count({ where: { leadId: lead.id } })).toBe(3);

      // And back in.
      await captureLead({ ctx, input: { email, country: "AT" }, actor: "test" });
      s = await segmentsOf(lead.id);
      expect(s).toEqual({ stored: ["dach"], open: ["dach"] });
    });

    it("gives each lead of a batch refresh its own set (rescore with new rules)", async () => {
      const before = contextFor(db, "");
      const facts = [
        { email: "seg-b1@acme.io", companySize: 5000, country: "DE" },
        { email: "seg-b2@acme.io", companySize: 10, country: "CH" },
        { email: "seg-b3@acme.io", companySize: 10, country: "US" },
        { email: "seg-b4@acme.io", companySize: 2000, country: "US" },
      ];
      const ids: string[] = [];
      for (const input of facts)
        ids.push((await captureLead({ ctx: before.ctx, input, actor: "test" })).lead.id);
      for (const id of ids) expect((await segmentsOf(id)).stored).toEqual([]);

      const after = contextFor(db, SEGMENTS);
      expect((await rescoreLeads({ db, ctx: after.ctx, batchSize: 3 })).rescored).toBeGreaterThanOrEqual(4);
      const got = await Promise.all(ids.map(segmentsOf));
      expect(got.map((s) => new Set(s.stored))).toEqual([
        new Set(["Zeta big", "dach"]),
        new Set(["dach"]),
        new Set(),
        new Set(["Zeta big"]),
      ]);
      for (const s of got) expect(s.stored).toEqual(s.open);
    });

    it("is written in a Prisma transaction too (refreshLead outside db.transaction)", async () => {
      const { ctx } = contextFor(db, SEGMENTS);
      const lead = await db.prisma.lead.create({ data: { email: "seg-prisma@acme.io", country: "DE" } });
      await db.transaction((tx) => refreshLead({ tx, ctx, leadId: lead.id, actor: "test" }));
      expect(await segmentsOf(lead.id)).toEqual({ stored: ["dach"], open: ["dach"] });
      await db.prisma.lead.update({ where: { id: lead.id }, data: { country: null } });
      await db.transaction((tx) => refreshLead({ tx, ctx, leadId: lead.id, actor: "test" }));
      expect(await segmentsOf(lead.id)).toEqual({ stored: [], open: [] });
    });

    // PGlite runs one transaction at a time, so only a server can interleave two refreshes.
    it.runIf(kind === "postgres")(
      "matches the memberships when a refresh waited for another one's lock (stale snapshot)",
      async () => {
        const { ctx } = contextFor(db, SEGMENTS);
        const { lead } = await captureLead({ ctx, input: { email: "seg-race@acme.io" }, actor: "test" });
        const { promise: gate, fire: release } = signal();
        const { promise: locked, fire: holding } = signal();
        // A: records a click (enters "clickers") and holds the lead's lock until released.
        const a = db.transaction(
          async (tx) => {
            await insertEvent(tx, lead.id, { type: "email_clicked", occurredAt: daysAgo(1) }, start);
            await refreshLead({ tx, ctx, leadId: lead.id, actor: "a" });
            holding();
            await gate;
          },
          { timeout: 20_000 },
        );
        await locked;
        // B: a decay refresh that blocks on A's lock; its locking read keeps the snapshot from
        // before A committed, so it decides without A's click and A's membership.
        const b = db.transaction((tx) => refreshLead({ tx, ctx, leadId: lead.id, actor: "b" }));
        await waitForLockWaiters(test.url!);
        release();
        await Promise.all([a, b]);
        const s = await segmentsOf(lead.id);
        expect(s.open).toEqual(["clickers"]);
        expect(s.stored).toEqual(s.open);
      },
    );
  });
});
