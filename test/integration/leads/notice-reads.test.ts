// The reads the Slack renderers make through the domain: the lead as a notice shows it, whether its
// post is still queued, the leads a combined post carries, its score entries, one qualification,
// one assignment, and whether a rep is paused.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readAssignment } from "../../../src/store/assignments/read-assignment.ts";
import type { Database } from "../../../src/store/db.ts";
import { readLeadForNotice } from "../../../src/store/leads/read-lead-for-notice.ts";
import { readLeadsInPost } from "../../../src/store/leads/read-leads-in-post.ts";
import { readQualification } from "../../../src/store/leads/read-qualification.ts";
import { readScoreEntries } from "../../../src/store/leads/read-score-entries.ts";
import { isLeadPostQueued } from "../../../src/store/outbox/is-lead-post-queued.ts";
import { isRepPaused } from "../../../src/store/reps/is-rep-paused.ts";
import { createTestDatabase, DB_KINDS, type TestDatabase } from "../../helpers/db.ts";

const UNKNOWN = "00000000-0000-4000-8000-000000000000";

describe.each(DB_KINDS)("notice reads on %s", (kind) => {
  let test: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    test = await createTestDatabase(kind);
    db = test.db;
  });
  afterAll(() => test.drop());

  const newLead = () =>
    db.prisma.lead.create({
      data: { email: `lead-${Math.random().toString(36).slice(2, 8)}@acme.test`, stage: "sql" },
    });

  it("reads the lead with its top entries, current segments and latest assignments", async () => {
    const lead = await newLead();
    await db.prisma.scoreEntry.createMany({
      data: [
        { leadId: lead.id, rule: "title", kind: "fit", points: 10, currentPoints: 10, at: new Date(2_000) },
        {
          leadId: lead.id,
          rule: "visit",
          kind: "engagement",
          points: 5,
          currentPoints: 20,
          at: new Date(1_000),
        },
      ],
    });
    await db.prisma.segmentMembership.createMany({
      data: [
        { leadId: lead.id, segment: "enterprise" },
        { leadId: lead.id, segment: "left", leftAt: new Date() },
      ],
    });
    const older = await db.prisma.assignment.create({
      data: { leadId: lead.id, repSlackId: "U0A", method: "claim", createdAt: new Date(1_000) },
    });
    const newer = await db.prisma.assignment.create({
      data: { leadId: lead.id, repSlackId: "U0B", method: "manual", createdAt: new Date(2_000) },
    });

    const read = await readLeadForNotice({ db, leadId: lead.id });
    expect(read?.email).toBe(lead.email);
    expect(read?.scoreEntries.map((e) => e.rule)).toEqual(["visit", "title"]);
    expect(read?.memberships).toEqual([{ segment: "enterprise" }]);
    expect(read?.assignments.map((a) => a.id)).toEqual([newer.id, older.id]);
    expect(await readLeadForNotice({ db, leadId: UNKNOWN })).toBeNull();

    expect((await readScoreEntries({ db, leadId: lead.id })).map((e) => [e.rule, e.kind, e.points])).toEqual([
      ["visit", "engagement", 5],
      ["title", "fit", 10],
    ]);
    expect(await readAssignment({ db, id: older.id })).toMatchObject({ repSlackId: "U0A", method: "claim" });
    expect(await readAssignment({ db, id: UNKNOWN })).toBeNull();
  });

  it("says whether the lead's hot post is still queued", async () => {
    const lead = await newLead();
    expect(await isLeadPostQueued({ db, leadId: lead.id })).toBe(false);
    const row = await db.prisma.outboxMessage.create({
      data: { kind: "hot_lead_post", leadId: lead.id, payload: { leadId: lead.id } },
    });
    expect(await isLeadPostQueued({ db, leadId: lead.id })).toBe(true);
    await db.prisma.outboxMessage.update({ where: { id: row.id }, data: { status: "sending" } });
    expect(await isLeadPostQueued({ db, leadId: lead.id })).toBe(true);
    await db.prisma.outboxMessage.update({ where: { id: row.id }, data: { status: "sent" } });
    expect(await isLeadPostQueued({ db, leadId: lead.id })).toBe(false);
  });

  it("reads the leads a sent post carries, or null when no sent post records them", async () => {
    const ts = `1700000000.${Math.floor(Math.random() * 1e6)}`;
    const post = { channel: "C0HOT0001", ts };
    expect(await readLeadsInPost({ db, post })).toBeNull();
    await db.prisma.outboxMessage.create({
      data: {
        kind: "hot_lead_post",
        payload: {},
        status: "sent",
        result: { channel: "C0HOT0001", ts, leadIds: ["a", 7, "b"], combined: true },
      },
    });
    expect(await readLeadsInPost({ db, post })).toEqual(["a", "b"]);
    expect(await readLeadsInPost({ db, post: { channel: "C0OTHER01", ts } })).toBeNull();
  });

  it("reads one qualification", async () => {
    const lead = await newLead();
    const q = await db.prisma.qualification.create({
      data: {
        leadId: lead.id,
        framework: "bant",
        answers: { budget: { value: "yes" } },
        points: 12,
        qualified: true,
        byUserId: "U0A",
      },
    });
    expect(await readQualification({ db, id: q.id })).toEqual({
      framework: "bant",
      answers: { budget: { value: "yes" } },
      notes: null,
      byUserId: "U0A",
      points: 12,
      qualified: true,
    });
    expect(await readQualification({ db, id: UNKNOWN })).toBeNull();
  });

  it("says whether a rep is paused; an unknown rep is not", async () => {
    await db.prisma.rep.create({ data: { slackId: "U0PAUSED", name: "Paused", paused: true } });
    await db.prisma.rep.create({ data: { slackId: "U0ACTIVE", name: "Active" } });
    expect(await isRepPaused({ db, slackId: "U0PAUSED" })).toBe(true);
    expect(await isRepPaused({ db, slackId: "U0ACTIVE" })).toBe(false);
    expect(await isRepPaused({ db, slackId: "U0NOBODY" })).toBe(false);
  });
});
