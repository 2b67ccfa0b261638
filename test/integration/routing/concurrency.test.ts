// PostgreSQL only (PGlite is one process): two real processes routing the same 200 leads into
// the same pool at once, and two job ticks running at once. Row locks on the lead and on the
// pool's cursor must give every lead one owner and keep the rotation exact.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRules, rulesHash } from "../../../src/config/rules.ts";
import type { AppContext } from "../../../src/context.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { run as claimExpiry } from "../../../src/jobs/claim-expiry.ts";
import { jobs, lockKeyOf, runJob } from "../../../src/jobs/schedule.ts";
import { run as slaCheck } from "../../../src/jobs/sla-check.ts";
import { createLogger } from "../../../src/observability/logger.ts";
import type { Database } from "../../../src/store/db.ts";
import { syncReps } from "../../../src/store/reps/sync-reps.ts";
import { createTestDatabase, type TestDatabase } from "../../helpers/db.ts";

const RULES = `
channels: { hot: C0HOT, managers: C0MGR }
reps:
  - { slackId: U0A, name: Ann }
  - { slackId: U0B, name: Bob }
  - { slackId: U0C, name: Cid }
# Nobody claims or answers here; auto-pause would take the whole team out of rotation.
routing: { autoPause: { missedClaims: 0, slaBreaches: 0 } }
`;
const REPS = ["U0A", "U0B", "U0C"];
const worker = fileURLToPath(new URL("./assign-worker.ts", import.meta.url));

function runWorker(url: string, ids: string[]): Promise<{ assigned: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", worker, url, RULES, JSON.stringify(ids)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => {
      out += d;
    });
    child.stderr.on("data", (d) => {
      err += d;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0) resolve(JSON.parse(out) as { assigned: number });
      else reject(new Error(`worker exited ${code}: ${err}`));
    });
  });
}

describe("routing under concurrency on postgres", () => {
  let test: TestDatabase;
  let db: Database;
  let ctx: AppContext;
  const rules = parseRules(RULES);
  const clock = new Date("2026-03-02T10:00:00Z");

  beforeAll(async () => {
    test = await createTestDatabase("postgres");
    db = test.db;
    await syncReps({ db, reps: rules.reps, at: new Date() });
    ctx = {
      env: {} as AppContext["env"],
      rules,
      rulesHash: rulesHash(rules),
      db,
      logger: createLogger("silent"),
      now: () => clock,
    };
  });
  afterAll(() => test.drop());
  beforeEach(async () => {
    await db.prisma.lead.deleteMany();
    await db.prisma.routingCursor.deleteMany();
    await db.prisma.fairnessLedger.deleteMany();
    await db.prisma.outboxMessage.deleteMany();
    await db.prisma.rep.updateMany({ data: { missedClaims: 0, slaBreaches: 0, paused: false } });
  });

  async function createLeads(n: number, data: { grade: string; claimDeadlineAt?: Date }) {
    await db.prisma.lead.createMany({
      data: Array.from({ length: n }, (_, i) => ({
        email: `c${i}@load.test`,
        stage: "sql",
        grade: data.grade,
        claimDeadlineAt: data.claimDeadlineAt ?? null,
      })),
    });
    return (await db.prisma.lead.findMany({ select: { id: true }, orderBy: { email: "asc" } })).map(
      (l) => l.id,
    );
  }

  async function expectExactRotation(n: number) {
    const perLead = await db.prisma.assignment.groupBy({ by: ["leadId"], _count: { _all: true } });
    expect(perLead).toHaveLength(n);
    expect(perLead.every((r) => r._count._all === 1)).toBe(true);
    const owners = await db.prisma.lead.groupBy({ by: ["ownerSlackId"], _count: { _all: true } });
    const counts = Object.fromEntries(owners.map((o) => [o.ownerSlackId, o._count._all]));
    for (const rep of REPS) expect([Math.floor(n / 3), Math.ceil(n / 3)]).toContain(counts[rep]);
    const ledger = await db.prisma.fairnessLedger.findMany({ where: { pool: "all" } });
    expect(Object.fromEntries(ledger.map((l) => [l.repSlackId, l.assigned]))).toEqual(counts);
    // The cursor names the last rep picked: with n = 3q + r, that is the r-th rep (or the third).
    const cursor = await db.prisma.routingCursor.findUniqueOrThrow({ where: { pool: "all" } });
    const lastIndex = (n - 1) % 3;
    expect(cursor).toMatchObject({ position: lastIndex, state: { last: REPS[lastIndex] } });
  }

  it("two processes routing the same 200 leads: each lead once, rotation exact", async () => {
    const ids = await createLeads(200, { grade: "warm" });
    const [a, b] = await Promise.all([
      runWorker(test.url as string, ids),
      runWorker(test.url as string, [...ids].reverse()),
    ]);
    expect(a.assigned + b.assigned).toBe(200);
    expect(a.assigned).toBeGreaterThan(0);
    expect(b.assigned).toBeGreaterThan(0);
    await expectExactRotation(200);
  }, 120_000);

  it("one process, many connections routing every lead twice at once: each lead once", async () => {
    const ids = await createLeads(60, { grade: "warm" });
    const c = { rules, rulesHash: ctx.rulesHash, now: () => new Date() };
    await Promise.all(
      [...ids, ...ids].map((leadId) =>
        db.transaction((tx) => routeReadyLead({ tx, ctx: c, leadId, segments: [], actor: "t" }), {
          maxWait: 60_000,
          timeout: 60_000,
        }),
      ),
    );
    await expectExactRotation(60);
  }, 120_000);

  it("two claim-expiry ticks at once assign each expired lead once", async () => {
    await createLeads(30, { grade: "hot", claimDeadlineAt: new Date(clock.getTime() - 1000) });
    const [x, y] = await Promise.all([claimExpiry(ctx, clock), claimExpiry(ctx, clock)]);
    expect(x.expired + y.expired).toBe(30);
    await expectExactRotation(30);
  }, 120_000);

  it("two sla-check ticks at once nudge once; under runJob only one instance runs", async () => {
    await createLeads(9, { grade: "warm" });
    for (const { id } of await db.prisma.lead.findMany({ select: { id: true } }))
      await db.transaction((tx) => routeReadyLead({ tx, ctx, leadId: id, segments: [], actor: "t" }));
    const later = new Date(clock.getTime() + 15 * 60_000);
    const [x, y] = await Promise.all([slaCheck(ctx, later), slaCheck(ctx, later)]);
    expect(x.nudged + y.nudged).toBe(9);
    expect(await db.prisma.outboxMessage.count({ where: { kind: "sla_nudge" } })).toBe(9);

    const job = jobs.find((j) => j.name === "sla-check");
    expect(job).toBeDefined();
    if (!job) return;
    const evenLater = new Date(clock.getTime() + 60 * 60_000);
    // While another instance holds the job's lock, a tick here skips.
    const held = await db.withAdvisoryLock(lockKeyOf("sla-check"), () => runJob(ctx, job, evenLater));
    expect(held).toEqual({ ran: false });
    const ticks = await Promise.all([runJob(ctx, job, evenLater), runJob(ctx, job, evenLater)]);
    expect(ticks.some((t) => t.ran)).toBe(true);
    expect(await db.prisma.outboxMessage.count({ where: { kind: "sla_breach" } })).toBe(9);
    expect(await db.prisma.assignment.count({ where: { endReason: "sla_reroute" } })).toBe(9);
  }, 120_000);
});
