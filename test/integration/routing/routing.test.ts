// Routing against a real database: claim posts, claim expiry by the job, exact rotation with
// away reps, capacity, fallback, SLA nudge / re-route / breach once each, follow-ups once,
// dispute credit, manager reassign. The clock is controlled; jobs are called through run().
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import type { AppContext } from "../../../src/context.ts";
import type { RoutingDecision } from "../../../src/core/routing/types.ts";
import { approveDispute } from "../../../src/flows/approve-dispute.ts";
import { openDispute } from "../../../src/flows/open-dispute.ts";
import { reassignLead } from "../../../src/flows/reassign-lead.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { unpauseRep } from "../../../src/flows/unpause-rep.ts";
import { run as claimExpiry } from "../../../src/jobs/claim-expiry.ts";
import { run as followUps } from "../../../src/jobs/follow-ups.ts";
import { run as slaCheck } from "../../../src/jobs/sla-check.ts";
import { assignmentsMade } from "../../../src/observability/metrics.ts";
import { recordClaimInLedger } from "../../../src/store/routing/record-claim-in-ledger.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const RULES = `
channels: { hot: C0HOT, managers: C0MGR, marketing: C0MKT }
roles: { managers: [U0BOSS] }
reps:
  - { slackId: U0A, name: Ann }
  - { slackId: U0B, name: Bob }
  - { slackId: U0C, name: Cid }
`;
const T0 = new Date("2026-03-02T10:00:00Z");
const min = (n: number) => new Date(T0.getTime() + n * 60_000);

describe.each(DB_KINDS)("routing on %s", (kind) => {
  let app: TestApp;
  let clock = T0;
  let ctx: AppContext;
  const prisma = () => app.db.prisma;

  beforeAll(async () => {
    app = await startTestApp({ kind, rulesYaml: RULES, now: () => clock, routes: [] });
    ctx = app.ctx;
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock = T0;
    ctx = app.ctx;
    const p = prisma();
    await p.lead.deleteMany();
    await p.routingCursor.deleteMany();
    await p.fairnessLedger.deleteMany();
    await p.outboxMessage.deleteMany();
    await p.auditLog.deleteMany();
    await p.rep.updateMany({
      data: {
        away: false,
        awayUntil: null,
        paused: false,
        pausedReason: null,
        missedClaims: 0,
        slaBreaches: 0,
      },
    });
  });

  async function newLead(data: { grade?: string; stage?: string; email?: string; at?: Date } = {}) {
    return prisma().lead.create({
      data: {
        email: data.email ?? `l${Math.random().toString(36).slice(2)}@acme.io`,
        grade: data.grade ?? "warm",
        stage: data.stage ?? "sql",
        createdAt: data.at ?? clock,
        sqlAt: data.at ?? clock,
      },
    });
  }
  const route = (leadId: string, c: Pick<AppContext, "rules" | "rulesHash" | "now"> = ctx) =>
    app.db.transaction((tx) => routeReadyLead({ tx, ctx: c, leadId, segments: [], actor: "test" }));
  const notices = (kind?: string) =>
    prisma().outboxMessage.findMany({ where: kind ? { kind } : {}, orderBy: { id: "asc" } });
  const owners = async () => {
    const rows = await prisma().lead.groupBy({ by: ["ownerSlackId"], _count: { _all: true } });
    return Object.fromEntries(rows.map((r) => [r.ownerSlackId ?? "none", r._count._all]));
  };

  it("posts a hot lead for claim with a deadline, once", async () => {
    const lead = await newLead({ grade: "hot" });
    expect(await route(lead.id)).toBeUndefined();
    const row = await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.claimDeadlineAt).toEqual(min(5));
    expect(row.ownerSlackId).toBeNull();
    // A second event on the lead during the window routes nothing again.
    await route(lead.id);
    const posts = await notices("hot_lead_post");
    expect(posts).toHaveLength(1);
    expect(posts[0]).toMatchObject({ leadId: lead.id, channel: null });
    const thread = await notices("lead_thread");
    expect(thread).toHaveLength(1);
    expect(thread[0]?.payload).toMatchObject({ topic: "routing" });
    expect(JSON.stringify(thread[0]?.payload)).toContain("Posted for claim");
    expect(await prisma().assignment.count()).toBe(0);
  });

  it("assigns by round robin when the claim window runs out, with the reason stored", async () => {
    const lead = await newLead({ grade: "hot" });
    await route(lead.id);
    expect((await claimExpiry(ctx, min(4))).expired).toBe(0);
    clock = min(5);
    const result = await claimExpiry(ctx, min(5));
    expect(result).toMatchObject({ expired: 1, assigned: 1 });
    const row = await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row.ownerSlackId).toBe("U0A");
    expect(row.claimDeadlineAt).toBeNull();
    const [a] = await prisma().assignment.findMany({ where: { leadId: lead.id } });
    expect(a).toMatchObject({ repSlackId: "U0A", method: "round_robin", route: "hot", pool: "all" });
    const reason = a?.reason as unknown as RoutingDecision & { explanation: string };
    expect(reason.trigger).toBe("claim_expired");
    expect(reason.outcome).toMatchObject({ kind: "assigned", repSlackId: "U0A" });
    expect(reason.explanation).toContain("Nobody claimed within the claim window");
    expect(a?.slaDueAt).toEqual(min(65));
    expect(await notices("assignment_dm")).toHaveLength(1);
    // Losing or skipping a claim race is not a miss; only an ignored assignment is.
    const reps = await prisma().rep.findMany({ orderBy: { slackId: "asc" } });
    expect(reps.map((r) => r.missedClaims)).toEqual([0, 0, 0]);
    // The next tick finds nothing.
    expect((await claimExpiry(ctx, min(6))).expired).toBe(0);
    expect(await prisma().assignment.count()).toBe(1);
  });

  it("auto-pauses a rep after three ignored leads; a claim resets the count; a manager unpauses", async () => {
    const sla = ctx.rules.sla;
    for (let i = 0; i < 3; i++) {
      clock = min(i * 100);
      // Bob and Carol are away, so every lead goes to Ann, and every one is taken back.
      await prisma().rep.updateMany({ where: { slackId: { in: ["U0B", "U0C"] } }, data: { away: true } });
      const lead = await newLead();
      expect(await route(lead.id)).toBe("U0A");
      await prisma().rep.updateMany({ where: { slackId: { in: ["U0B", "U0C"] } }, data: { away: false } });
      clock = min(i * 100 + (sla.rerouteMinutes ?? 60));
      expect(await slaCheck(ctx, clock)).toMatchObject({ rerouted: 1 });
      // The new owner answers, so this lead leaves the SLA scan.
      await prisma().lead.update({ where: { id: lead.id }, data: { firstResponseAt: clock } });
    }
    const ann = await prisma().rep.findUniqueOrThrow({ where: { slackId: "U0A" } });
    // With the default timers the breach and the re-route fall at the same minute, so both
    // counters reach 3; the breach is counted first and names the pause.
    expect([ann.paused, ann.missedClaims, ann.slaBreaches]).toEqual([true, 3, 3]);
    expect(ann.pausedReason).toMatch(/3 (SLA breaches|missed claims) in a row/);

    // A claim resets the claimer's misses and counts in the ledger.
    await prisma().rep.update({ where: { slackId: "U0B" }, data: { missedClaims: 2 } });
    const claimed = await newLead();
    await app.db.transaction(async (tx) => {
      await tx.sql.query(`UPDATE "Lead" SET "ownerSlackId" = 'U0B' WHERE id = $1::uuid`, [claimed.id]);
      await recordClaimInLedger(tx, { pool: "all", repSlackId: "U0B", now: clock });
    });
    expect((await prisma().rep.findUniqueOrThrow({ where: { slackId: "U0B" } })).missedClaims).toBe(0);

    await expect(unpauseRep({ ctx, repSlackId: "U0A", actor: "U0B" })).rejects.toThrow(/managers/);
    await unpauseRep({ ctx, repSlackId: "U0A", actor: "U0BOSS" });
    expect(await prisma().rep.findUnique({ where: { slackId: "U0A" } })).toMatchObject({
      paused: false,
      missedClaims: 0,
    });
  });

  it("rotates exactly over many leads, skipping an away rep with the reason recorded", async () => {
    await prisma().rep.update({ where: { slackId: "U0B" }, data: { away: true } });
    const first: string[] = [];
    for (let i = 0; i < 20; i++) {
      const lead = await newLead();
      first.push(String(await route(lead.id)));
    }
    expect(first.slice(0, 4)).toEqual(["U0A", "U0C", "U0A", "U0C"]);
    expect(await owners()).toEqual({ U0A: 10, U0C: 10 });
    const a = await prisma().assignment.findFirstOrThrow();
    const reason = a.reason as unknown as RoutingDecision;
    expect(reason.candidates.find((c) => c.slackId === "U0B")).toMatchObject({
      eligible: false,
      reasons: [{ code: "away", until: null }],
    });

    // Bob is back: no catch-up flood, and the next N leads split ⌊N/K⌋ / ⌈N/K⌉.
    await prisma().rep.update({ where: { slackId: "U0B" }, data: { away: false } });
    await prisma().lead.updateMany({ data: { stage: "customer" } }); // keep capacity out of it
    const before = await owners();
    const n = 31;
    for (let i = 0; i < n; i++) await route((await newLead()).id);
    const after = await owners();
    const got = ["U0A", "U0B", "U0C"].map((id) => (after[id] ?? 0) - (before[id] ?? 0));
    expect(got.reduce((s, x) => s + x, 0)).toBe(n);
    for (const g of got) expect([Math.floor(n / 3), Math.ceil(n / 3)]).toContain(g);

    const ledger = await prisma().fairnessLedger.findMany({
      where: { pool: "all" },
      orderBy: { repSlackId: "asc" },
    });
    const totals = await prisma().assignment.groupBy({ by: ["repSlackId"], _count: { _all: true } });
    expect(ledger.map((l) => [l.repSlackId, l.assigned])).toEqual(
      totals.map((t) => [t.repSlackId, t._count._all]).sort(),
    );
    // 20 leads to A/C then 31 to A/B/C from C's turn on: A B C … A (31 = 10×3 + 1).
    const cursor = await prisma().routingCursor.findUniqueOrThrow({ where: { pool: "all" } });
    expect(cursor).toMatchObject({ position: 0, state: { last: "U0A" } });
  });

  it("skips a rep at capacity and says so", async () => {
    const capped = parseRules(
      RULES.replace("{ slackId: U0A, name: Ann }", "{ slackId: U0A, name: Ann, capacity: 1 }"),
    );
    const c = { ...ctx, rules: capped };
    const got: string[] = [];
    for (let i = 0; i < 5; i++) got.push(String(await route((await newLead()).id, c)));
    expect(got).toEqual(["U0A", "U0B", "U0C", "U0B", "U0C"]);
    const last = await prisma().assignment.findFirstOrThrow({
      orderBy: { createdAt: "desc" },
      where: { repSlackId: "U0C" },
    });
    const reason = last.reason as unknown as RoutingDecision;
    expect(reason.candidates.find((x) => x.slackId === "U0A")?.reasons).toEqual([
      { code: "at_capacity", open: 1, capacity: 1 },
    ]);
  });

  it("falls back when nobody is eligible: managers alerted once, lead kept", async () => {
    await prisma().rep.updateMany({ data: { paused: true } });
    const lead = await newLead();
    expect(await route(lead.id)).toBeUndefined();
    await route(lead.id);
    const row = await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } });
    expect(row).toMatchObject({ stage: "sql", ownerSlackId: null, lostAt: null });
    const [a] = await prisma().assignment.findMany();
    expect(a).toMatchObject({ method: "fallback", repSlackId: null, endedAt: null });
    const alerts = await notices("unassigned_alert");
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toMatchObject({ leadId: lead.id, channel: null });

    // Later the SLA re-route tries the rotation again and finds a rep.
    await prisma().rep.update({ where: { slackId: "U0C" }, data: { paused: false } });
    clock = min(60);
    const result = await slaCheck(ctx, min(60));
    expect(result.rerouted).toBe(1);
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerSlackId).toBe("U0C");
  });

  it("nudges at 15 min, re-routes and reports the breach at 60 min, each exactly once", async () => {
    const lead = await newLead();
    expect(await route(lead.id)).toBe("U0A");
    expect(await slaCheck(ctx, min(14))).toMatchObject({ nudged: 0, breached: 0, rerouted: 0 });
    expect(await slaCheck(ctx, min(15))).toMatchObject({ nudged: 1 });
    expect(await slaCheck(ctx, min(16))).toMatchObject({ nudged: 0 });
    expect(await notices("sla_nudge")).toHaveLength(1);
    expect((await notices("sla_nudge"))[0]).toMatchObject({ channel: "U0A", payload: { minutesLeft: 45 } });

    clock = min(60);
    expect(await slaCheck(ctx, min(60))).toMatchObject({ breached: 1, rerouted: 1 });
    expect(await slaCheck(ctx, min(61))).toMatchObject({ nudged: 0, breached: 0, rerouted: 0 });
    const rows = await prisma().assignment.findMany({
      where: { leadId: lead.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.repSlackId, r.method, r.endReason])).toEqual([
      ["U0A", "round_robin", "sla_reroute"],
      ["U0B", "sla_reroute", null],
    ]);
    expect(rows[0]?.breachedAt).toEqual(min(60));
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerSlackId).toBe("U0B");
    expect(await notices("sla_breach")).toHaveLength(1);
    const dms = await notices("reroute_dm");
    expect(dms).toHaveLength(1);
    expect(dms[0]).toMatchObject({ channel: "U0A", payload: { fromSlackId: "U0A", toSlackId: "U0B" } });
    expect(await prisma().rep.findUniqueOrThrow({ where: { slackId: "U0A" } })).toMatchObject({
      slaBreaches: 1,
      missedClaims: 1,
    });
    const reason = rows[1]?.reason as unknown as RoutingDecision;
    expect(reason.candidates.find((c) => c.slackId === "U0A")?.reasons[0]).toMatchObject({
      code: "excluded",
    });

    // The new owner's timer starts at the re-route.
    expect(await slaCheck(ctx, min(75))).toMatchObject({ nudged: 1 });
    expect((await notices("sla_nudge")).at(-1)).toMatchObject({ channel: "U0B" });
  });

  it("stops re-routing after maxReroutes and does not breach an answered lead", async () => {
    const c = { ...ctx, rules: parseRules(`${RULES}sla: { maxReroutes: 1 }\n`) };
    const lead = await newLead();
    await route(lead.id, c);
    await slaCheck(c, min(60));
    clock = min(120);
    expect(await slaCheck(c, min(120))).toMatchObject({ breached: 1, rerouted: 0 });
    expect(await slaCheck(c, min(121))).toMatchObject({ breached: 0, rerouted: 0 });
    const answered = await newLead();
    await route(answered.id, c);
    await prisma().lead.update({ where: { id: answered.id }, data: { firstResponseAt: min(121) } });
    expect(await slaCheck(c, min(300))).toMatchObject({ nudged: 0, breached: 0, rerouted: 0 });
  });

  it("sends a follow-up reminder once and recycles a forgotten lead to nurture", async () => {
    const day = 86_400_000;
    const quiet = await newLead({ at: new Date(T0.getTime() - 4 * day) });
    const forgotten = await newLead({ at: new Date(T0.getTime() - 31 * day) });
    await prisma().lead.updateMany({
      where: { id: { in: [quiet.id, forgotten.id] } },
      data: { ownerSlackId: "U0A" },
    });
    expect(await followUps(ctx, T0)).toEqual({ reminded: 1, recycled: 1 });
    expect(await followUps(ctx, new Date(T0.getTime() + 3_600_000))).toEqual({ reminded: 0, recycled: 0 });
    const reminders = await notices("follow_up_dm");
    expect(reminders).toHaveLength(1);
    expect(reminders[0]).toMatchObject({
      leadId: quiet.id,
      channel: "U0A",
      payload: { reason: "sql_inactive" },
    });
    const f = await prisma().lead.findUniqueOrThrow({ where: { id: forgotten.id } });
    expect(f).toMatchObject({ stage: "nurture", ownerSlackId: null });
    expect(await notices("nurture_notice")).toHaveLength(1);
  });

  it("credits an approved junk dispute: the rep gets a make-up lead out of turn", async () => {
    const junk = await newLead();
    expect(await route(junk.id)).toBe("U0A");
    await expect(openDispute({ ctx, leadId: junk.id, actor: "U0B", reason: "spam" })).rejects.toThrow(
      /only dispute a lead you were given/,
    );
    const { disputeId } = await openDispute({ ctx, leadId: junk.id, actor: "U0A", reason: "fake company" });
    await expect(approveDispute({ ctx, disputeId, actor: "U0A" })).rejects.toThrow(/managers/);
    expect(await approveDispute({ ctx, disputeId, actor: "U0BOSS" })).toMatchObject({ creditedPool: "all" });
    await expect(approveDispute({ ctx, disputeId, actor: "U0BOSS" })).rejects.toThrow(/already decided/);
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: junk.id } })).stage).toBe("disqualified");
    const row = await prisma().fairnessLedger.findUniqueOrThrow({
      where: { pool_repSlackId: { pool: "all", repSlackId: "U0A" } },
    });
    expect([row.assigned, row.credits]).toEqual([0, 1]);

    // Make-up first (cursor unmoved), then the rotation continues where it was.
    const next: string[] = [];
    for (let i = 0; i < 4; i++) next.push(String(await route((await newLead()).id)));
    expect(next).toEqual(["U0A", "U0B", "U0C", "U0A"]);
    // Ann's two new leads (same controlled clock, so no order by time): one make-up, one turn.
    const anns = await prisma().assignment.findMany({ where: { repSlackId: "U0A", lead: { stage: "sql" } } });
    const credits = anns
      .map((a) => (a.reason as unknown as RoutingDecision).outcome)
      .map((o) => "credit" in o && o.credit);
    expect(credits.sort()).toEqual([false, true]);
  });

  it("lets a manager reassign a lead with a reason", async () => {
    const counted = async (how: string) =>
      (await assignmentsMade.get()).values.find((v) => v.labels.how === how)?.value ?? 0;
    const before = { routing: await counted("routing"), manual: await counted("manual") };
    const lead = await newLead();
    await route(lead.id);
    await expect(
      reassignLead({ ctx, leadId: lead.id, toSlackId: "U0C", actor: "U0A", reason: "knows them" }),
    ).rejects.toThrow(/managers/);
    const r = await reassignLead({
      ctx,
      leadId: lead.id,
      toSlackId: "U0C",
      actor: "U0BOSS",
      reason: "knows them",
    });
    expect(r.previousOwner).toBe("U0A");
    const rows = await prisma().assignment.findMany({
      where: { leadId: lead.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((x) => [x.repSlackId, x.method, x.endReason])).toEqual([
      ["U0A", "round_robin", "reassigned"],
      ["U0C", "manual", null],
    ]);
    expect(rows[1]).toMatchObject({ byUserId: "U0BOSS", reason: { why: "knows them", from: "U0A" } });
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: lead.id } })).ownerSlackId).toBe("U0C");
    expect((await notices("reroute_dm"))[0]).toMatchObject({ channel: "U0A" });
    const audit = await prisma().auditLog.findFirst({ where: { action: "lead.reassigned" } });
    expect(audit?.actor).toBe("U0BOSS");
    // Two assignments made (the rotation's, the manager's); the refused reassign counts nothing.
    expect({ routing: await counted("routing"), manual: await counted("manual") }).toEqual({
      routing: before.routing + 1,
      manual: before.manual + 1,
    });
  });

  it("routes with the performance and least-loaded strategies from stored stats and counts", async () => {
    for (const strategy of ["performance", "least_loaded"]) {
      const c = {
        ...ctx,
        rules: parseRules(
          `${RULES}routing:\n  routes:\n    - { name: sales-ready, stages: [sql], mode: assign, strategy: ${strategy} }\n`,
        ),
      };
      const got: string[] = [];
      for (let i = 0; i < 3; i++) got.push(String(await route((await newLead()).id, c)));
      expect([...got].sort()).toEqual(["U0A", "U0B", "U0C"]);
    }
  });

  it("ends a superseded fallback assignment instead of re-routing a claimed lead", async () => {
    await prisma().rep.updateMany({ data: { paused: true } });
    const lead = await newLead();
    await route(lead.id);
    // Someone claims it from the post (claim-lead writes its own assignment).
    await prisma().lead.update({ where: { id: lead.id }, data: { ownerSlackId: "U0A" } });
    await prisma().assignment.create({
      data: { leadId: lead.id, repSlackId: "U0A", method: "claim", createdAt: min(1) },
    });
    await prisma().rep.updateMany({ data: { paused: false } });
    expect(await slaCheck(ctx, min(60))).toMatchObject({ rerouted: 0 });
    const rows = await prisma().assignment.findMany({
      where: { leadId: lead.id },
      orderBy: { createdAt: "asc" },
    });
    expect(rows.map((r) => [r.method, r.endReason])).toEqual([
      ["fallback", "superseded"],
      ["claim", null],
    ]);
  });

  it("holds a lead below sales-ready: nothing routed", async () => {
    const lead = await newLead({ stage: "mql", grade: "warm" });
    expect(await route(lead.id)).toBeUndefined();
    expect(await prisma().assignment.count()).toBe(0);
    expect(await notices()).toHaveLength(0);
  });
});
