// Jobs: the daily digest queues one notice per day and each tick runs once under its lock;
// the decay refresh picks the right leads in bounded batches; the cron table starts and stops.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { run as dailyDigest } from "../../../src/jobs/daily-digest.ts";
import { jobs, lockKeyOf, runJob, startJobs } from "../../../src/jobs/schedule.ts";
import { run as scoreRefresh } from "../../../src/jobs/score-refresh.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const NOW = new Date("2025-01-16T08:00:00Z");
const digestJob = jobs.find((j) => j.name === "daily-digest")!;

describe.each(DB_KINDS)("jobs on %s", (kind) => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({
      kind,
      now: () => NOW,
      rulesYaml: "channels:\n  managers: C0MGR\nreps:\n  - { slackId: U0ANN, name: Ann }\n",
      routes: [],
    });
    const p = app.db.prisma;
    const day = (h: number, m = 0) => new Date(Date.UTC(2025, 0, 15, h, m));
    const [a, b] = await Promise.all([
      p.lead.create({ data: { email: "a@example.com", createdAt: day(9), grade: "hot" } }),
      p.lead.create({ data: { email: "b@example.com", createdAt: day(23, 59), ownerSlackId: "U0ANN" } }),
      p.lead.create({ data: { email: "c@example.com", createdAt: new Date("2025-01-14T23:59:00Z") } }),
    ]);
    await p.leadTransition.create({
      data: { leadId: b.id, field: "grade", from: "warm", to: "hot", at: day(12) },
    });
    await p.assignment.create({
      data: {
        leadId: b.id,
        repSlackId: "U0ANN",
        method: "round_robin",
        createdAt: day(10),
        breachedAt: day(11),
      },
    });
    await p.outcome.create({ data: { leadId: b.id, kind: "won", amount: 250, occurredAt: day(18) } });
    expect(a.id).toBeTruthy();
  });
  afterAll(() => app.close());

  const digests = () => app.db.prisma.outboxMessage.findMany({ where: { kind: "daily_digest" } });

  it("queues yesterday's digest to the managers' channel, once per day", async () => {
    const figures = await dailyDigest(app.ctx, NOW);
    expect(figures).toEqual({
      day: "2025-01-15",
      timeZone: "UTC",
      from: "2025-01-15T00:00:00.000Z",
      to: "2025-01-16T00:00:00.000Z",
      newLeads: 2, // a and b; c was the 14th
      hotLeads: 2, // a created hot, b turned hot
      unclaimed: 1, // a: hot with no owner
      slaBreaches: 1,
      wins: 1,
      wonAmount: 250,
    });
    await dailyDigest(app.ctx, new Date("2025-01-16T09:00:00Z"));
    const rows = await digests();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: "daily_digest",
      channel: "C0MGR",
      status: "pending",
      payload: figures,
    });
  });

  it("runs a tick once under the advisory lock", async () => {
    await app.db.prisma.outboxMessage.deleteMany({ where: { kind: "daily_digest" } });
    const results = await Promise.all([runJob(app.ctx, digestJob, NOW), runJob(app.ctx, digestJob, NOW)]);
    expect(results.some((r) => r.ran)).toBe(true);
    expect(await digests()).toHaveLength(1);

    // While another instance holds the lock, this one skips the tick.
    await app.db.prisma.outboxMessage.deleteMany({ where: { kind: "daily_digest" } });
    const held = await app.db.withAdvisoryLock(lockKeyOf("daily-digest"), () =>
      runJob(app.ctx, digestJob, NOW),
    );
    if (kind === "postgres") {
      expect(held).toEqual({ ran: false });
      expect(await digests()).toHaveLength(0);
    } else {
      // PGlite is one process: there is no other instance to exclude.
      expect(held).toMatchObject({ ran: true });
    }
  });

  it("refreshes the open leads whose scores may have decayed, in bounded batches", async () => {
    const old = "2024-11-01T00:00:00Z";
    const rows: [string, string, number, string][] = [
      // email, stage, engagementScore, lastActivityAt
      ["decay1@example.com", "mql", 20, "2025-01-10T00:00:00Z"],
      ["decay2@example.com", "lead", 0, old], // absent for over 30 days
      ["decay3@example.com", "sql", 5, old],
      ["closed@example.com", "customer", 20, old], // closed: left alone
      ["quiet@example.com", "lead", 0, "2025-01-10T00:00:00Z"], // nothing can change
    ];
    for (const [email, stage, engagement, activity] of rows) {
      await app.db.sql.query(
        `INSERT INTO "Lead" (id, email, stage, "engagementScore", "lastActivityAt", "createdAt", "updatedAt")
         VALUES (gen_random_uuid(), $1, $2, $3, $4::timestamp, $5::timestamp, $5::timestamp)`,
        [email, stage, engagement, activity, old],
      );
    }
    // Leads updated within the last day (the fixture's, created "now") are not candidates.
    const first = await scoreRefresh(app.ctx, NOW, { batchSize: 1, maxLeads: 2 });
    expect(first).toEqual({ refreshed: 2, done: false });
    // The two just refreshed count as rescored within the day; the third is left.
    const rest = await scoreRefresh(app.ctx, NOW, { batchSize: 2 });
    expect(rest).toEqual({ refreshed: 1, done: true });
    expect(await scoreRefresh(app.ctx, NOW)).toEqual({ refreshed: 0, done: true });
  });

  it("starts the cron table and stops it", async () => {
    let ticks = 0;
    const stop = startJobs(app.ctx, {
      table: [
        {
          name: "test-tick",
          schedule: "* * * * * *",
          run: async () => {
            ticks++;
          },
        },
      ],
    });
    await new Promise((r) => setTimeout(r, 2300));
    await stop();
    const seen = ticks;
    expect(seen).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 1200));
    expect(ticks).toBe(seen);
  });

  it("names every job in the table once, with a valid schedule", async () => {
    const cron = await import("node-cron");
    expect(new Set(jobs.map((j) => j.name)).size).toBe(jobs.length);
    for (const j of jobs) expect(cron.validate(j.schedule), j.name).toBe(true);
    expect(new Set(jobs.map((j) => lockKeyOf(j.name))).size).toBe(jobs.length);
  });
});
