// A manager gives a lead to a named rep, saying why. The previous assignment ends, the new one
// records the manager and the reason; both reps are told. Manual: the rotation cursor and the
// fairness ledger do not move (a manager's choice is nobody's turn).
import type { AppContext } from "../context.ts";
import { ConflictError, ValidationError } from "../core/errors.ts";
import { decideMove, leadStateOf } from "../core/lifecycle/decide-move.ts";
import { type GuardedLead, RefusedError, requireManager } from "../core/roles.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { assignmentsMade } from "../observability/metrics.ts";
import { endOpenAssignments } from "../store/assignments/end-assignments.ts";
import { insertAssignment } from "../store/assignments/insert-assignment.ts";
import { readOpenAssignmentRoute } from "../store/assignments/read-lead-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { assignLeadOwner } from "../store/leads/lead-owner.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";

type ReassignCtx = Pick<AppContext, "db" | "rules" | "now">;

interface Reassignment {
  lead: GuardedLead;
  leadId: string;
  toSlackId: string;
  actor: string;
  reason: string;
  now: Date;
}

export async function reassignLead(opts: {
  ctx: ReassignCtx;
  leadId: string;
  toSlackId: string;
  actor: string;
  reason: string;
}): Promise<{ leadId: string; assignmentId: string; previousOwner: string | null }> {
  const { ctx, leadId, toSlackId, actor } = opts;
  const reason = checkRequest(ctx, opts);
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId, lock: true });
    if (lead.ownerSlackId === toSlackId) throw new ConflictError("That rep already owns this lead.");
    const move = decideMove({ move: "reassign", from: leadStateOf(lead), by: "manager" });
    if (!move.ok) throw new RefusedError("This lead is already closed, so nothing changed.", "closed");
    const r: Reassignment = { lead, leadId, toSlackId, actor, reason, now };
    const assignmentId = await writeReassignment(tx, ctx, r);
    await notifyReassigned(tx, r, assignmentId);
    tx.afterCommit(() => assignmentsMade.inc({ how: "manual" }));
    return { leadId, assignmentId, previousOwner: lead.ownerSlackId };
  });
}

/** The manager, the reason and the rep are checked before any transaction; returns the reason. */
function checkRequest(ctx: ReassignCtx, o: { toSlackId: string; actor: string; reason: string }): string {
  requireManager(ctx.rules, o.actor);
  const reason = o.reason.trim();
  if (reason.length < 3 || reason.length > 1000)
    throw new ValidationError("Say why (3 to 1000 characters)", [
      { field: "reason", message: "Give a reason of 3 to 1000 characters" },
    ]);
  if (!ctx.rules.reps.some((r) => r.slackId === o.toSlackId))
    throw new ValidationError("That person is not a rep in leadops.yml.", [
      { field: "toSlackId", message: "not a rep" },
    ]);
  return reason;
}

/** The open assignment ends, the new one keeps its route, the rep owns the lead. */
async function writeReassignment(tx: Tx, ctx: ReassignCtx, r: Reassignment): Promise<string> {
  const { lead, leadId, toSlackId, actor, reason, now } = r;
  const route = await readOpenAssignmentRoute(tx, leadId);
  await endOpenAssignments(tx, { leadId, at: now, endReason: "reassigned" });
  const timers = slaTimersFor(ctx.rules.sla, route);
  const assignment = await insertAssignment(tx, {
    leadId,
    repSlackId: toSlackId,
    method: "manual",
    route,
    rule: null,
    pool: null,
    byUserId: actor,
    reason: { via: "manual", why: reason, by: actor, from: lead.ownerSlackId, to: toSlackId },
    createdAt: now,
    // The SLA restarts for the new owner unless the lead was already answered.
    slaDueAt:
      !lead.firstResponseAt && timers.rerouteMinutes !== null
        ? new Date(now.getTime() + timers.rerouteMinutes * 60_000)
        : null,
  });
  await assignLeadOwner(tx, { leadId, owner: toSlackId, at: now });
  await audit(tx, {
    actor,
    action: "lead.reassigned",
    entity: "lead",
    entityId: leadId,
    data: { assignmentId: assignment.id, from: lead.ownerSlackId, to: toSlackId, reason },
  });
  return assignment.id;
}

/** The new owner, the previous one, the lead's thread and its post. */
async function notifyReassigned(tx: Tx, r: Reassignment, assignmentId: string): Promise<void> {
  const { lead, leadId, toSlackId, reason } = r;
  await enqueueNotice(tx, {
    kind: "assignment_dm",
    leadId,
    channel: toSlackId,
    payload: { leadId, assignmentId },
    dedupeKey: `dm:assignment:${assignmentId}`,
  });
  if (lead.ownerSlackId) {
    await enqueueNotice(tx, {
      kind: "reroute_dm",
      leadId,
      channel: lead.ownerSlackId,
      payload: { leadId, fromSlackId: lead.ownerSlackId, toSlackId, audience: "previous_owner", reason },
      dedupeKey: `reassign:${assignmentId}`,
    });
  }
  await enqueueNotice(tx, {
    kind: "lead_thread",
    leadId,
    payload: { leadId, topic: "assignment", assignmentId },
    dedupeKey: `thread:assignment:${assignmentId}`,
  });
  if (lead.slackChannel || lead.slackTs) {
    await enqueueNotice(tx, {
      kind: "lead_post_update",
      leadId,
      channel: lead.slackChannel,
      payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
    });
  }
}
