// The transaction around the pure routing decision: lock the lead, lock and load the state of
// the route's pools (cursor, fairness ledger), load the reps and their open leads, decide with
// routeLead, check the move with core/lifecycle, then write everything the decision implies in
// the caller's transaction: the changed cursor and ledger rows, the Assignment (with the whole
// decision as its reason), the lead's owner, the audit entry and the Slack notices. Nothing is
// half-written: a failure rolls it all back.
import type { Rules } from "../config/rules.ts";
import { ConflictError, NotFoundError } from "../core/errors.ts";
import { toLeadFacts } from "../core/leads/lead-facts.ts";
import { decideMove, leadStateOf } from "../core/lifecycle/decide-move.ts";
import type { MoveName } from "../core/lifecycle/moves.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { explainDecision } from "../core/routing/explain-decision.ts";
import { matchRoute } from "../core/routing/match-route.ts";
import { routeLead } from "../core/routing/route-lead.ts";
import type {
  RoutingDecision,
  RoutingOutcome,
  RoutingState,
  RoutingTrigger,
  RoutingUpdate,
} from "../core/routing/types.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type AssignmentHow, assignmentsMade } from "../observability/metrics.ts";
import { endOpenAssignments } from "../store/assignments/end-assignments.ts";
import { insertAssignment } from "../store/assignments/insert-assignment.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { assignLeadOwner, clearLeadOwner, offerLeadForClaim } from "../store/leads/lead-owner.ts";
import { lockLeadToRoute, type RoutingLeadRow } from "../store/leads/read-routing-lead.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { loadRoutingReps } from "../store/routing/load-routing-reps.ts";
import { lockRoutingState, saveRoutingState } from "../store/routing/lock-routing-state.ts";
import { readOpenSegments } from "../store/segments/read-open-segments.ts";
import { toJson } from "../store/to-json.ts";

export interface AssignLeadOptions {
  tx: Tx;
  rules: Pick<Rules, "routing" | "sla" | "reps">;
  leadId: string;
  now: Date;
  /** Who or what caused it, for the audit log (`system`, a job name, a Slack user id). */
  actor: string;
  trigger?: RoutingTrigger;
  /** Reps who must not get the lead (the current owner on an SLA re-route). */
  exclude?: string[];
  /** The lead's current segments; loaded when not given. */
  segments?: string[];
  /**
   * When nobody is eligible: `fallback` records a fallback assignment and alerts its target;
   * `keep` writes nothing (an SLA re-route leaves the lead with its owner rather than nobody).
   */
  onNobody?: "fallback" | "keep";
  /** endReason for the lead's open assignments when a new one replaces them. */
  endOpenAs?: string;
}

export interface AssignLeadResult {
  decision: RoutingDecision;
  explanation: string;
  outcome: RoutingOutcome["kind"];
  /** The new owner when the lead was assigned. */
  ownerSlackId: string | null;
  /** The Assignment written (assigned or fallback), else null. */
  assignmentId: string | null;
  /** The owner before this decision. */
  previousOwner: string | null;
}

/** What the writing steps share: the options, the locked lead, the decision and its text. */
interface Decided {
  opts: AssignLeadOptions;
  trigger: RoutingTrigger;
  lead: RoutingLeadRow;
  decision: RoutingDecision;
  update: RoutingUpdate;
  explanation: string;
  /** The decision with its explanation, as the Assignment's reason and the thread's payload. */
  reason: Prisma.InputJsonObject;
}

const HOW: Record<RoutingTrigger, AssignmentHow> = {
  new: "routing",
  claim_expired: "claim_expired",
  sla_reroute: "sla_reroute",
};

export async function assignLead(opts: AssignLeadOptions): Promise<AssignLeadResult> {
  const trigger = opts.trigger ?? "new";
  // The lead row first, then the pools: every routing writer takes them in this order.
  const lead = await lockLeadToRoute(opts.tx, opts.leadId);
  if (!lead) throw new NotFoundError("That lead no longer exists.");
  const { decision, update } = await decide(opts, trigger, lead);
  const explanation = explainDecision(decision);
  const d: Decided = {
    opts,
    trigger,
    lead,
    decision,
    update,
    explanation,
    reason: toJson({ ...decision, explanation }),
  };
  const result: AssignLeadResult = {
    decision,
    explanation,
    outcome: decision.outcome.kind,
    ownerSlackId: null,
    assignmentId: null,
    previousOwner: lead.ownerSlackId,
  };
  const o = decision.outcome;
  // Held: stays with marketing, nothing to write, and routing again later is harmless.
  if (o.kind === "held" || (o.kind === "fallback" && opts.onNobody === "keep")) return result;
  checkMove(d, o.kind);
  if (o.kind === "claim") await offerForClaim(d, o);
  else if (o.kind === "fallback") result.assignmentId = await sendToFallback(d, o);
  else {
    result.assignmentId = await giveToRep(d, o);
    result.ownerSlackId = o.repSlackId;
  }
  return result;
}

/** Loads the reps and the locked state of the route's pools, and lets routeLead decide. */
async function decide(
  opts: AssignLeadOptions,
  trigger: RoutingTrigger,
  row: RoutingLeadRow,
): Promise<{ decision: RoutingDecision; update: RoutingUpdate }> {
  const { tx, rules, now } = opts;
  const lead = toLeadFacts(row);
  const segments = opts.segments ?? (await readOpenSegments(tx, row.id));
  const config = rules.routing;
  const match = matchRoute({ lead, segments, config });
  const hold = trigger === "new" && match.route.mode === "hold";
  const reps = hold ? [] : await loadRoutingReps({ tx, rules });
  const state: RoutingState = hold
    ? { cursor: {}, ledger: {}, openCounts: {}, stats: {} }
    : await lockRoutingState({
        tx,
        pools: match.pools,
        repSlackIds: reps.map((r) => r.slackId),
        ...(match.route.strategy === "performance" ? { statsWindowDays: config.performance.windowDays } : {}),
        now,
      });
  return routeLead({
    lead,
    segments,
    config,
    reps,
    state,
    now,
    trigger,
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
  });
}

/** The lifecycle move a routing outcome makes; refused moves write nothing. */
function checkMove(d: Decided, kind: "claim" | "fallback" | "assigned"): void {
  const move: MoveName =
    kind === "claim"
      ? "offer"
      : kind === "fallback"
        ? "unassign"
        : d.trigger === "sla_reroute"
          ? "reassign"
          : "assign";
  const decision = decideMove({
    move,
    from: leadStateOf(d.lead),
    by: d.trigger === "new" ? "routing" : "job",
  });
  if (!decision.ok) throw new ConflictError(`The lead cannot be routed now: ${decision.reason}.`);
}

/** A route of mode `claim`: the lead is posted with Claim until the window ends. */
async function offerForClaim(d: Decided, o: Extract<RoutingOutcome, { kind: "claim" }>): Promise<void> {
  const { tx, leadId, now, actor } = d.opts;
  await offerLeadForClaim(tx, { leadId, claimDeadlineAt: new Date(o.claimDeadlineAt), at: now });
  await audit(tx, {
    actor,
    action: "lead.posted_for_claim",
    entity: "lead",
    entityId: leadId,
    data: { route: d.decision.route.name, claimDeadlineAt: o.claimDeadlineAt, claimers: o.claimers },
  });
  // One post per claim window: the deadline is in the key, so routing the same lead again
  // in a retried transaction or a second event does not post twice.
  await enqueueNotice(tx, {
    kind: "hot_lead_post",
    leadId,
    channel: o.channel,
    payload: { leadId, claimDeadlineAt: o.claimDeadlineAt },
    dedupeKey: `hot:${leadId}:${o.claimDeadlineAt}`,
  });
  await enqueueNotice(tx, {
    kind: "lead_thread",
    leadId,
    // The whole decision too, so the thread can list the route, strategy and each skip.
    payload: { leadId, topic: "routing", explanation: d.explanation, decision: d.reason },
    dedupeKey: `thread:routing:${leadId}:${o.claimDeadlineAt}`,
  });
  // The score receipt in the post's thread, edited in place when the score changes later.
  await enqueueNotice(tx, {
    kind: "score_receipt",
    leadId,
    payload: { leadId },
    dedupeKey: `receipt:${leadId}:${o.claimDeadlineAt}`,
  });
}

/** Nobody is eligible: a fallback assignment, the owner cleared, the fallback's target alerted. */
async function sendToFallback(d: Decided, o: Extract<RoutingOutcome, { kind: "fallback" }>): Promise<string> {
  const { tx, leadId, now, actor } = d.opts;
  const assignmentId = await replaceAssignment(d, { repSlackId: null, method: "fallback", pool: null });
  // The lead is not lost: it keeps its stage, waits for a manager (or a claim if posted), and
  // the SLA re-route tries the rotation again later.
  await clearLeadOwner(tx, { leadId, at: now });
  await audit(tx, {
    actor,
    action: "lead.unassigned",
    entity: "lead",
    entityId: leadId,
    data: { assignmentId, trigger: d.trigger, route: d.decision.route.name, target: o.target },
  });
  await enqueueNotice(tx, {
    kind: "unassigned_alert",
    leadId,
    channel: o.target.type === "managers" ? null : o.target.id,
    payload: { leadId, assignmentId, reason: d.explanation },
    dedupeKey: `unassigned:${assignmentId}`,
  });
  return assignmentId;
}

/** The rotation picked a rep: cursor and ledger saved, the rep owns the lead and is told. */
async function giveToRep(d: Decided, o: Extract<RoutingOutcome, { kind: "assigned" }>): Promise<string> {
  const { tx, leadId, now, actor } = d.opts;
  const assignmentId = await replaceAssignment(d, {
    repSlackId: o.repSlackId,
    method: o.method,
    pool: o.pool,
  });
  await assignLeadOwner(tx, { leadId, owner: o.repSlackId, at: now });
  await audit(tx, {
    actor,
    action: "lead.assigned",
    entity: "lead",
    entityId: leadId,
    data: {
      assignmentId,
      repSlackId: o.repSlackId,
      previousOwner: d.lead.ownerSlackId,
      trigger: d.trigger,
      method: o.method,
      route: d.decision.route.name,
      pool: o.pool,
      credit: o.credit,
    },
  });
  await notifyAssigned(d, o.repSlackId, assignmentId);
  tx.afterCommit(() => assignmentsMade.inc({ how: HOW[d.trigger] }));
  return assignmentId;
}

/** Ends the lead's open assignments and writes the new one (saving the rotation when it moved). */
async function replaceAssignment(
  d: Decided,
  a: { repSlackId: string | null; method: string; pool: string | null },
): Promise<string> {
  const { tx, leadId, now, rules } = d.opts;
  await endOpenAssignments(tx, { leadId, at: now, endReason: d.opts.endOpenAs ?? "reassigned" });
  if (a.repSlackId !== null) await saveRoutingState(tx, d.update, now);
  const timers = slaTimersFor(rules.sla, d.decision.route.name);
  const assignment = await insertAssignment(tx, {
    leadId,
    ...a,
    route: d.decision.route.name,
    rule: d.decision.route.matched.join(", "),
    reason: d.reason,
    createdAt: now,
    slaDueAt:
      timers.rerouteMinutes !== null ? new Date(now.getTime() + timers.rerouteMinutes * 60_000) : null,
  });
  return assignment.id;
}

async function notifyAssigned(d: Decided, repSlackId: string, assignmentId: string): Promise<void> {
  const { tx, leadId } = d.opts;
  const { slackChannel, slackTs, postedAt } = d.lead;
  await enqueueNotice(tx, {
    kind: "assignment_dm",
    leadId,
    channel: repSlackId,
    payload: { leadId, assignmentId },
    dedupeKey: `dm:assignment:${assignmentId}`,
  });
  await enqueueNotice(tx, {
    kind: "lead_thread",
    leadId,
    payload: { leadId, topic: "assignment", assignmentId, explanation: d.explanation },
    dedupeKey: `thread:assignment:${assignmentId}`,
  });
  // A lead that was posted for claim: the post now shows its owner instead of Claim.
  if (postedAt !== null || slackTs !== null) {
    await enqueueNotice(tx, {
      kind: "lead_post_update",
      leadId,
      channel: slackChannel,
      payload: { leadId, channel: slackChannel, ts: slackTs },
      dedupeKey: `post:assignment:${assignmentId}`,
    });
  }
}
