// SLA timers on open assignments without a first response: nudge the owner, tell managers of a
// breach, re-route to the next eligible rep. decideSlaActions says what is due; each action is
// recorded with a conditional update (nudgedAt / breachedAt still null, the assignment still
// open) in the same transaction as its notice, so every action happens exactly once however
// many ticks or instances run.
import type { AppContext } from "../context.ts";
import { decideSlaActions, type SlaAction, slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { ownerSlaClocks } from "../core/routing/sla-clock.ts";
import { endAssignment } from "../store/assignments/end-assignments.ts";
import { listSlaAssignments, type SlaAssignmentRow } from "../store/assignments/list-sla-assignments.ts";
import { markSlaBreached, markSlaNudged, readSlaMarks, settleSla } from "../store/assignments/sla-marks.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { lockLead } from "../store/leads/lock-lead.ts";
import { readLeadOwner } from "../store/leads/read-lead-owner.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { bumpRepCounters } from "../store/reps/bump-rep-counters.ts";
import { assignLead } from "./assign-lead.ts";

/** Assignments older than this are not scanned: SLA timers are minutes to hours, not weeks. */
const SCAN_DAYS = 7;

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
  const since = new Date(now.getTime() - SCAN_DAYS * 86_400_000);
  const assignments = await ctx.db.transaction((tx) =>
    listSlaAssignments(tx, { since, now, limit: opts.limit ?? 1000 }),
  );
  const result: CheckSlasResult = { nudged: 0, breached: 0, rerouted: 0, paused: [] };
  if (assignments.length === 0) return result;
  const { sla, reps, routing } = ctx.rules;
  const clocks = ownerSlaClocks({
    clock: sla.clock,
    reps,
    defaultTimezone: routing.defaultTimezone,
    defaultWorkingHours: routing.defaultWorkingHours,
  });
  const actions = decideSlaActions({ assignments, now, config: sla, clocks });

  const byAssignment = new Map<string, { nudge?: SlaAction; breach?: SlaAction; reroute?: SlaAction }>();
  for (const kind of ["nudge", "breach", "reroute"] as const) {
    for (const a of actions[kind])
      byAssignment.set(a.assignmentId, { ...byAssignment.get(a.assignmentId), [kind]: a });
  }
  for (const a of assignments) {
    const due = byAssignment.get(a.id);
    if (!due) continue;
    await ctx.db.transaction(
      async (tx) => {
        if (!(await isStillCurrent(tx, a, now))) return;
        if (due.breach) await breach(tx, ctx, due.breach, now, result);
        if (due.nudge) await nudge(tx, ctx, due.nudge, now, result);
        let rerouted = false;
        if (due.reroute) rerouted = await reroute(tx, ctx, due.reroute, now, result);
        if (!rerouted) await settle(tx, ctx, a);
      },
      { maxWait: 20_000, timeout: 20_000 },
    );
  }
  return result;
}

/**
 * Under the lead's lock: the assignment is still open and its rep still owns the lead. A newer
 * owner (a claim of a lead that was in fallback, say) supersedes it, and it ends here: acting on it
 * would nudge the wrong rep or take the lead from someone who just took it.
 */
async function isStillCurrent(tx: Tx, a: SlaAssignmentRow, now: Date): Promise<boolean> {
  await lockLead(tx, a.leadId);
  const marks = await readSlaMarks(tx, a.id);
  if (!marks || marks.endedAt) return false;
  const lead = await readLeadOwner(tx, a.leadId);
  if (lead?.ownerSlackId === a.repSlackId) return true;
  await endAssignment(tx, { id: a.id, at: now, endReason: "superseded" });
  return false;
}

async function breach(
  tx: Tx,
  ctx: Pick<AppContext, "rules">,
  a: SlaAction,
  now: Date,
  result: CheckSlasResult,
): Promise<void> {
  if (!(await markSlaBreached(tx, { assignmentId: a.assignmentId, at: now }))) return;
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
  // A breach outside the owner's working hours is the clock's doing, not the owner's (sla.clock).
  if (a.repSlackId && a.countsTowardPause)
    await countAgainstRep(tx, ctx, { repSlackId: a.repSlackId, counter: "slaBreaches", now }, result);
}

/** Counts a breach or a missed claim against a rep known to the Rep table (may auto-pause them). */
async function countAgainstRep(
  tx: Tx,
  ctx: Pick<AppContext, "rules">,
  o: { repSlackId: string; counter: "slaBreaches" | "missedClaims"; now: Date },
  result: CheckSlasResult,
): Promise<void> {
  const { paused } = await bumpRepCounters({
    tx,
    rules: ctx.rules,
    repSlackIds: [o.repSlackId],
    counter: o.counter,
    actor: "system",
    at: o.now,
  });
  result.paused.push(...paused);
}

async function nudge(
  tx: Tx,
  ctx: Pick<AppContext, "rules">,
  a: SlaAction,
  now: Date,
  result: CheckSlasResult,
): Promise<void> {
  if (!a.repSlackId) return;
  if (!(await markSlaNudged(tx, { assignmentId: a.assignmentId, at: now }))) return;
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
  tx: Tx,
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
  if (a.repSlackId && a.countsTowardPause)
    await countAgainstRep(tx, ctx, { repSlackId: a.repSlackId, counter: "missedClaims", now }, result);
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
async function settle(tx: Tx, ctx: Pick<AppContext, "rules">, a: SlaAssignmentRow): Promise<void> {
  const t = slaTimersFor(ctx.rules.sla, a.route);
  const rerouteLeft = t.rerouteMinutes !== null && a.reroutes < t.maxReroutes;
  if (rerouteLeft) return;
  const marks = await readSlaMarks(tx, a.id);
  const nudgeLeft = a.repSlackId !== null && t.nudgeMinutes !== null && !marks?.nudgedAt;
  if (marks?.breachedAt && !nudgeLeft) await settleSla(tx, a.id);
}
