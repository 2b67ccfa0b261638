// The transaction around the pure routing decision: lock the lead, lock and load the state of
// the route's pools (cursor, fairness ledger), load the reps and their open leads, decide with
// routeLead, then write everything the decision implies in the caller's transaction: the changed
// cursor and ledger rows, the Assignment (with the whole decision as its reason), the lead, the
// audit entry and the Slack notices. Nothing is half-written: a failure rolls it all back.
import type { Rules } from "../config/rules.ts";
import { NotFoundError } from "../core/errors.ts";
import { LEAD_FACT_COLUMNS, type LeadFactsRow, toLeadFacts } from "../core/leads/lead-facts.ts";
import { slaTimersFor } from "../core/routing/decide-sla-actions.ts";
import { explainDecision } from "../core/routing/explain-decision.ts";
import { matchRoute } from "../core/routing/match-route.ts";
import { routeLead } from "../core/routing/route-lead.ts";
import type { RoutingDecision, RoutingOutcome, RoutingState, RoutingTrigger } from "../core/routing/types.ts";
import { insertAssignment } from "../store/assignments/insert-assignment.ts";
import { audit, utcTimestamp } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
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

interface LeadPostColumns {
  ownerSlackId: string | null;
  slackChannel: string | null;
  slackTs: string | null;
  postedAt: Date | null;
}

const emptyState = (): RoutingState => ({ cursor: {}, ledger: {}, openCounts: {}, stats: {} });

export async function assignLead(opts: AssignLeadOptions): Promise<AssignLeadResult> {
  const { tx, rules, leadId, now, actor } = opts;
  const trigger = opts.trigger ?? "new";
  const sql = tx.sql;
  // The lead row first, then the pools: every routing writer takes them in this order.
  // Plain SQL throughout (src/db/fast-sql.ts): routing runs inside webhook batches.
  const [row] = await sql.query<LeadFactsRow & LeadPostColumns>(
    `SELECT ${LEAD_FACT_COLUMNS}, "ownerSlackId", "slackChannel", "slackTs", "postedAt"
     FROM "Lead" WHERE id = $1::uuid FOR UPDATE`,
    [leadId],
  );
  if (!row) throw new NotFoundError("That lead no longer exists.");
  const { ownerSlackId: previousOwner, slackChannel, slackTs, postedAt, ...factsRow } = row;
  // Scoring's facts type is narrower than routing's open record; the values are the same.
  const lead = toLeadFacts(factsRow);
  const segments = opts.segments ?? (await readOpenSegments(tx, leadId));
  const config = rules.routing;
  const match = matchRoute({ lead, segments, config });
  const mode = trigger === "new" ? match.route.mode : "assign";

  const reps = mode === "hold" ? [] : await loadRoutingReps({ tx, rules });
  const state =
    mode === "hold"
      ? emptyState()
      : await lockRoutingState({
          tx,
          pools: match.pools,
          repSlackIds: reps.map((r) => r.slackId),
          ...(match.route.strategy === "performance"
            ? { statsWindowDays: config.performance.windowDays }
            : {}),
          now,
        });
  const { decision, update } = routeLead({
    lead,
    segments,
    config,
    reps,
    state,
    now,
    trigger,
    ...(opts.exclude ? { exclude: opts.exclude } : {}),
  });
  const explanation = explainDecision(decision);
  const result: AssignLeadResult = {
    decision,
    explanation,
    outcome: decision.outcome.kind,
    ownerSlackId: null,
    assignmentId: null,
    previousOwner,
  };
  const reason = toJson({ ...decision, explanation });
  const hadPost = postedAt !== null || slackTs !== null;
  const o = decision.outcome;

  switch (o.kind) {
    case "held":
      // Stays with marketing: nothing to write, and routing again later is harmless.
      return result;

    case "claim": {
      const deadline = new Date(o.claimDeadlineAt);
      await sql.query(
        `UPDATE "Lead" SET "claimDeadlineAt" = $2::timestamp, "postedAt" = $3::timestamp, "updatedAt" = $4::timestamp
         WHERE id = $1::uuid`,
        [leadId, utcTimestamp(deadline), utcTimestamp(now), utcTimestamp(new Date())],
      );
      await audit(tx, {
        actor,
        action: "lead.posted_for_claim",
        entity: "lead",
        entityId: leadId,
        data: { route: decision.route.name, claimDeadlineAt: o.claimDeadlineAt, claimers: o.claimers },
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
        payload: { leadId, topic: "routing", explanation, decision: reason },
        dedupeKey: `thread:routing:${leadId}:${o.claimDeadlineAt}`,
      });
      return result;
    }

    case "fallback": {
      if (opts.onNobody === "keep") return result;
      await endOpenAssignments(tx, leadId, now, opts.endOpenAs ?? "reassigned");
      const timers = slaTimersFor(rules.sla, decision.route.name);
      const assignment = await insertAssignment(tx, {
        leadId,
        repSlackId: null,
        method: "fallback",
        route: decision.route.name,
        rule: decision.route.matched.join(", "),
        pool: null,
        reason,
        createdAt: now,
        slaDueAt: timers.rerouteMinutes !== null ? addMinutes(now, timers.rerouteMinutes) : null,
      });
      result.assignmentId = assignment.id;
      // The lead is not lost: it keeps its stage, waits for a manager (or a claim if posted),
      // and the SLA re-route tries the rotation again later.
      await sql.query(
        `UPDATE "Lead" SET "ownerSlackId" = NULL, "claimDeadlineAt" = NULL, "updatedAt" = $2::timestamp
         WHERE id = $1::uuid`,
        [leadId, utcTimestamp(new Date())],
      );
      await audit(tx, {
        actor,
        action: "lead.unassigned",
        entity: "lead",
        entityId: leadId,
        data: { assignmentId: assignment.id, trigger, route: decision.route.name, target: o.target },
      });
      await enqueueNotice(tx, {
        kind: "unassigned_alert",
        leadId,
        channel: o.target.type === "managers" ? null : o.target.id,
        payload: { leadId, assignmentId: assignment.id, reason: explanation },
        dedupeKey: `unassigned:${assignment.id}`,
      });
      return result;
    }

    case "assigned": {
      await endOpenAssignments(tx, leadId, now, opts.endOpenAs ?? "reassigned");
      await saveRoutingState(tx, update);
      const timers = slaTimersFor(rules.sla, decision.route.name);
      const assignment = await insertAssignment(tx, {
        leadId,
        repSlackId: o.repSlackId,
        method: o.method,
        route: decision.route.name,
        rule: decision.route.matched.join(", "),
        pool: o.pool,
        reason,
        createdAt: now,
        slaDueAt: timers.rerouteMinutes !== null ? addMinutes(now, timers.rerouteMinutes) : null,
      });
      result.assignmentId = assignment.id;
      result.ownerSlackId = o.repSlackId;
      await sql.query(
        `UPDATE "Lead" SET "ownerSlackId" = $2, "assignedAt" = $3::timestamp, "claimedAt" = NULL,
           "claimDeadlineAt" = NULL, "updatedAt" = $4::timestamp
         WHERE id = $1::uuid`,
        [leadId, o.repSlackId, utcTimestamp(now), utcTimestamp(new Date())],
      );
      await audit(tx, {
        actor,
        action: "lead.assigned",
        entity: "lead",
        entityId: leadId,
        data: {
          assignmentId: assignment.id,
          repSlackId: o.repSlackId,
          previousOwner,
          trigger,
          method: o.method,
          route: decision.route.name,
          pool: o.pool,
          credit: o.credit,
        },
      });
      await enqueueNotice(tx, {
        kind: "assignment_dm",
        leadId,
        channel: o.repSlackId,
        payload: { leadId, assignmentId: assignment.id },
        dedupeKey: `dm:assignment:${assignment.id}`,
      });
      await enqueueNotice(tx, {
        kind: "lead_thread",
        leadId,
        payload: { leadId, topic: "assignment", assignmentId: assignment.id, explanation },
        dedupeKey: `thread:assignment:${assignment.id}`,
      });
      // A lead that was posted for claim: the post now shows its owner instead of Claim.
      if (hadPost) {
        await enqueueNotice(tx, {
          kind: "lead_post_update",
          leadId,
          channel: slackChannel,
          payload: { leadId, channel: slackChannel, ts: slackTs },
          dedupeKey: `post:assignment:${assignment.id}`,
        });
      }
      return result;
    }
  }
}

function addMinutes(d: Date, minutes: number): Date {
  return new Date(d.getTime() + minutes * 60_000);
}

async function endOpenAssignments(tx: Tx, leadId: string, now: Date, endReason: string): Promise<void> {
  await tx.sql.query(
    `UPDATE "Assignment" SET "endedAt" = $2::timestamp, "endReason" = $3 WHERE "leadId" = $1::uuid AND "endedAt" IS NULL`,
    [leadId, utcTimestamp(now), endReason],
  );
}
