// SLA timers on open assignments without a first response: nudge the owner, tell managers of a
// breach, re-route to the next eligible rep. decideSlaActions says what is due; each action is
// recorded with a conditional update (nudgedAt / breachedAt still null, the assignment still
// open) in the same transaction as its notice, so every action happens exactly once however
// many ticks or instances run.
import type { AppContext } from "../context.ts";
import { decideSlaActions, type SlaAction, slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { audit } from "../store/audit/audit.ts";
import type { ModelTx } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { bumpRepCounters } from "../store/reps/bump-rep-counters.ts";
import { assignLead } from "./assign-lead.ts";

/** Assignments older than this are not scanned: SLA timers are minutes to hours, not weeks. */
const SCAN_DAYS = 7;
const CLOSED = ["customer", "disqualified", "nurture"];

export interface CheckSlasResult {
  nudged: number;
  breached: number;
  rerouted: number;
  paused: string[];
}

export async function checkSlas(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  now: Date;
  limit?: number;
}): Promise<CheckSlasResult> {
  const { ctx, now } = opts;
  const prisma = ctx.db.prisma;
  const rows = await prisma.assignment.findMany({
    where: {
      endedAt: null,
      createdAt: { gte: new Date(now.getTime() - SCAN_DAYS * 86_400_000), lte: now },
      // Settled: breached with nothing more due (see settle below).
      NOT: { slaDueAt: null, breachedAt: { not: null } },
      lead: { firstResponseAt: null, lostAt: null, forgottenAt: null, stage: { notIn: CLOSED } },
    },
    select: {
      id: true,
      leadId: true,
      repSlackId: true,
      route: true,
      createdAt: true,
      nudgedAt: true,
      breachedAt: true,
      endedAt: true,
    },
    orderBy: { createdAt: "asc" },
    take: opts.limit ?? 1000,
  });
  const result: CheckSlasResult = { nudged: 0, breached: 0, rerouted: 0, paused: [] };
  if (rows.length === 0) return result;
  const reroutes = await prisma.assignment.groupBy({
    by: ["leadId"],
    where: { leadId: { in: [...new Set(rows.map((r) => r.leadId))] }, endReason: "sla_reroute" },
    _count: { _all: true },
  });
  const reroutesOf = new Map(reroutes.map((r) => [r.leadId, r._count._all]));
  const assignments = rows.map((r) => ({ ...r, reroutes: reroutesOf.get(r.leadId) ?? 0 }));
  const actions = decideSlaActions({ assignments, now, config: ctx.rules.sla });

  const byAssignment = new Map<string, { nudge?: SlaAction; breach?: SlaAction; reroute?: SlaAction }>();
  for (const kind of ["nudge", "breach", "reroute"] as const) {
    for (const a of actions[kind])
      byAssignment.set(a.assignmentId, { ...byAssignment.get(a.assignmentId), [kind]: a });
  }
  for (const a of assignments) {
    const due = byAssignment.get(a.id);
    if (!due) continue;
    await ctx.db.modelTransaction(
      async (tx) => {
        await tx.prisma.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${a.leadId}::uuid FOR UPDATE`;
        const current = await tx.prisma.assignment.findUnique({
          where: { id: a.id },
          select: { endedAt: true },
        });
        if (!current || current.endedAt) return;
        // A newer owner (a claim of a lead that was in fallback, say) supersedes this one: acting on
        // it would nudge the wrong rep or take the lead from someone who just took it.
        const lead = await tx.prisma.lead.findUnique({
          where: { id: a.leadId },
          select: { ownerSlackId: true },
        });
        if (lead?.ownerSlackId !== a.repSlackId) {
          await tx.prisma.assignment.update({
            where: { id: a.id },
            data: { endedAt: now, endReason: "superseded" },
          });
          return;
        }
        if (due.breach) await breach(tx, ctx, due.breach, now, result);
        if (due.nudge) await nudge(tx, ctx, due.nudge, now, result);
        let rerouted = false;
        if (due.reroute) rerouted = await reroute(tx, ctx, due.reroute, now, result);
        if (!rerouted) await settle(tx, ctx, a.id, a.route, a.repSlackId, a.reroutes);
      },
      { maxWait: 20_000, timeout: 20_000 },
    );
  }
  return result;
}

async function breach(
  tx: ModelTx,
  ctx: Pick<AppContext, "rules">,
  a: SlaAction,
  now: Date,
  result: CheckSlasResult,
): Promise<void> {
  const won = await tx.prisma.assignment.updateMany({
    where: { id: a.assignmentId, breachedAt: null },
    data: { breachedAt: now },
  });
  if (won.count === 0) return;
  result.breached++;
  await audit(tx, {
    actor: "system",
    action: "lead.sla_breached",
    entity: "lead",
    entityId: a.leadId,
    data: { assignmentId: a.assignmentId, repSlackId: a.repSlackId, minutesWaiting: a.minutesWaiting },
  });
  await enqueueNotice(tx, {
    kind: "sla_breach",
    leadId: a.leadId,
    payload: { leadId: a.leadId, assignmentId: a.assignmentId, minutesWaiting: a.minutesWaiting },
    dedupeKey: `sla:breach:${a.assignmentId}`,
  });
  if (a.repSlackId) await countAgainstRep(tx, ctx, a.repSlackId, "slaBreaches", result);
}

/** Counts a breach or a missed claim against a rep known to the Rep table (may auto-pause them). */
async function countAgainstRep(
  tx: ModelTx,
  ctx: Pick<AppContext, "rules">,
  repSlackId: string,
  counter: "slaBreaches" | "missedClaims",
  result: CheckSlasResult,
): Promise<void> {
  if ((await tx.prisma.rep.count({ where: { slackId: repSlackId } })) === 0) return;
  const { paused } = await bumpRepCounters({
    tx,
    rules: ctx.rules,
    repSlackIds: [repSlackId],
    counter,
    actor: "system",
  });
  result.paused.push(...paused);
}

async function nudge(
  tx: ModelTx,
  ctx: Pick<AppContext, "rules">,
  a: SlaAction,
  now: Date,
  result: CheckSlasResult,
): Promise<void> {
  if (!a.repSlackId) return;
  const won = await tx.prisma.assignment.updateMany({
    where: { id: a.assignmentId, nudgedAt: null },
    data: { nudgedAt: now },
  });
  if (won.count === 0) return;
  result.nudged++;
  const t = slaTimersFor(ctx.rules.sla, a.route);
  const minutesLeft =
    t.rerouteMinutes !== null ? Math.max(0, Math.ceil(t.rerouteMinutes - a.minutesWaiting)) : 0;
  await enqueueNotice(tx, {
    kind: "sla_nudge",
    leadId: a.leadId,
    channel: a.repSlackId,
    payload: { leadId: a.leadId, assignmentId: a.assignmentId, minutesLeft },
    dedupeKey: `sla:nudge:${a.assignmentId}`,
  });
}

/** Returns true when the lead moved to someone else. */
async function reroute(
  tx: ModelTx,
  ctx: Pick<AppContext, "rules">,
  a: SlaAction,
  now: Date,
  result: CheckSlasResult,
): Promise<boolean> {
  const routed = await assignLead({
    tx,
    rules: ctx.rules,
    leadId: a.leadId,
    now,
    actor: "system",
    trigger: "sla_reroute",
    ...(a.repSlackId ? { exclude: [a.repSlackId] } : {}),
    // Nobody else is eligible: the lead stays with its owner (managers were told of the breach)
    // and the next tick tries again.
    onNobody: "keep",
    endOpenAs: "sla_reroute",
  });
  if (routed.outcome !== "assigned" || !routed.ownerSlackId) return false;
  result.rerouted++;
  // The rep was given this lead and never picked it up: that is the missed claim that counts
  // toward auto-pause (routing.autoPause.missedClaims).
  if (a.repSlackId) await countAgainstRep(tx, ctx, a.repSlackId, "missedClaims", result);
  if (a.repSlackId) {
    await enqueueNotice(tx, {
      kind: "reroute_dm",
      leadId: a.leadId,
      channel: a.repSlackId,
      payload: {
        leadId: a.leadId,
        fromSlackId: a.repSlackId,
        toSlackId: routed.ownerSlackId,
        audience: "previous_owner",
        reason: `no first response within ${a.minutesWaiting} min`,
      },
      dedupeKey: `sla:reroute:${a.assignmentId}`,
    });
  }
  return true;
}

/**
 * Marks an assignment with nothing left to do (breached, and no re-route possible) by clearing
 * slaDueAt, so the scan stops reading it every minute.
 */
async function settle(
  tx: ModelTx,
  ctx: Pick<AppContext, "rules">,
  assignmentId: string,
  route: string | null,
  repSlackId: string | null,
  reroutes: number,
): Promise<void> {
  const t = slaTimersFor(ctx.rules.sla, route);
  const rerouteLeft = t.rerouteMinutes !== null && reroutes < t.maxReroutes;
  if (rerouteLeft) return;
  const row = await tx.prisma.assignment.findUnique({
    where: { id: assignmentId },
    select: { breachedAt: true, nudgedAt: true },
  });
  const nudgeLeft = repSlackId !== null && t.nudgeMinutes !== null && !row?.nudgedAt;
  if (row?.breachedAt && !nudgeLeft) {
    await tx.prisma.assignment.update({ where: { id: assignmentId }, data: { slaDueAt: null } });
  }
}
