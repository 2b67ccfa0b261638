// After anything about a lead changes (capture, event, qualification, rules, time), recompute
// what follows from it inside the caller's transaction: scores and receipt, grade and stage,
// IQL, segment memberships, one transition per threshold crossing and one marketing alert per
// change (its grade and stage crossings together, core/alerts; a bulk run counts them instead), and
// routing when the refreshed lead passes the routing gate (core/routing/routing-gate.ts: its first
// matching route has mode claim or assign, whatever its stage). A nurtured lead that turns hot
// re-enters as sql and is routed like any other (core/lifecycle move `reenter`, audited).

import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { addToTally, alertCrossings, type CrossingTally } from "../core/alerts/alert-crossings.ts";
import { evaluateLead } from "../core/leads/evaluate-lead.ts";
import { leadStateOf } from "../core/lifecycle/decide-move.ts";
import { refreshChanges } from "../core/outbound/refresh-changes.ts";
import { matchRoute } from "../core/routing/match-route.ts";
import { routingGate } from "../core/routing/routing-gate.ts";
import type { decideStage } from "../core/scoring/decide-stage.ts";
import { detectCrossings } from "../core/scoring/detect-crossings.ts";
import type { scoreLead } from "../core/scoring/score-lead.ts";
import type { Grade, Stage } from "../core/scoring/types.ts";
import { diffMemberships } from "../core/segments/diff-memberships.ts";
import { auditMany } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { writeScoredLeads } from "../store/leads/lead-stage.ts";
import { type LeadSummary, toLeadSummary } from "../store/leads/lead-summary.ts";
import { recordTransitions } from "../store/leads/lead-transitions.ts";
import { type LeadState, loadLeadStates, receiptKey } from "../store/leads/load-lead-state.ts";
import { queueOutbound } from "../store/outbound/queue-outbound.ts";
import { enqueueNotices } from "../store/outbox/enqueue-notice.ts";
import { queueReceiptUpdates } from "../store/outbox/queue-receipt-updates.ts";
import { routeReadyLead } from "./route-ready-lead.ts";

export interface RefreshOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  /** Who or what caused the change, for transitions and the audit log. */
  actor: string;
  /**
   * A bulk run (rescore, import): alerting crossings are counted here instead of queued one
   * notice per lead; the run posts one summary when it finishes (flows/queue-crossing-summary.ts).
   */
  tally?: CrossingTally;
}

export interface RefreshResult extends LeadSummary {
  segments: string[];
}

export async function refreshLead({ leadId, ...rest }: RefreshOptions): Promise<RefreshResult> {
  const [result] = await refreshLeads({ ...rest, leadIds: [leadId] });
  return result!;
}

/** What one lead's refresh decided, before anything is written. */
interface Decision {
  leadId: string;
  state: LeadState;
  score: ReturnType<typeof scoreLead>;
  stage: ReturnType<typeof decideStage>;
  segments: string[];
  entered: string[];
  left: string[];
  rewriteReceipt: boolean;
  crossings: ReturnType<typeof detectCrossings>;
  isIql: boolean;
}

/**
 * Refreshes several leads with a fixed number of statements whatever their count (a batch of
 * webhooks, a rescore): decisions are pure and made first, then each kind of write is one
 * multi-row statement. Results are in the order of `leadIds` (distinct ids).
 */
export async function refreshLeads(
  options: Omit<RefreshOptions, "leadId"> & { leadIds: string[] },
): Promise<RefreshResult[]> {
  const { tx, ctx, leadIds, actor, tally } = options;
  const states = await loadLeadStates(tx, leadIds);
  const now = ctx.now();
  const decisions = leadIds.map((leadId) => {
    const state = states.get(leadId);
    if (!state) throw new Error(`lead ${leadId} does not exist`);
    return decide(state, ctx, now);
  });

  await recordCrossings(tx, decisions, { actor, now, rules: ctx.rules, tally });
  const updated = await writeDecisions(tx, decisions, ctx.rulesHash, now);
  // A posted lead's receipt in its thread is edited to show the new score.
  await queueReceiptUpdates(tx, { leadIds: decisions.filter(scoreChanged).map((d) => d.leadId) });
  await auditMany(
    tx,
    decisions
      .filter((d) => d.stage.move === "reenter")
      .map((d) => ({
        actor,
        action: "lead.reentered",
        entity: "lead",
        entityId: d.leadId,
        data: { from: "nurture", to: d.stage.stage, reason: d.stage.reason, total: d.score.total },
      })),
  );
  // Outbound webhooks (docs/decisions/0012): a no-op unless leadops.yml subscribes to events.
  await queueOutbound(tx, decisions.flatMap(outboundChanges));

  const results: RefreshResult[] = [];
  for (const d of decisions) {
    const row = updated.get(d.leadId);
    if (!row) throw new Error(`lead ${d.leadId} vanished while being refreshed`);
    const route = routeToTry(d, row.ownerSlackId, ctx.rules);
    if (route) {
      const owner = await routeReadyLead({ tx, ctx, leadId: d.leadId, segments: d.segments, route, actor });
      if (owner !== undefined) row.ownerSlackId = owner;
    }
    results.push({ ...toLeadSummary(row), segments: d.segments });
  }
  return results;
}

/**
 * The route to hand the lead to when the gate, judged on what the refresh already knows, may let
 * it through; null otherwise. Pure and cheap, so a rescore of many held leads reads nothing more;
 * routeReadyLead judges again on the locked row (open assignments included) before routing.
 */
function routeToTry(d: Decision, ownerSlackId: string | null, rules: RefreshOptions["ctx"]["rules"]) {
  const lead = { ...d.state.facts, grade: d.score.grade, stage: d.stage.stage };
  const { route } = matchRoute({ lead, segments: d.segments, config: rules.routing });
  const notRouted = routingGate({
    stage: d.stage.stage,
    route,
    ownerSlackId,
    claimDeadlineAt: d.state.claimDeadlineAt,
    lostAt: d.state.lostAt,
  });
  return notRouted === null ? route : null;
}

/** Whether the receipt would read differently: a total, a grade or a line changed. */
function scoreChanged(d: Decision): boolean {
  const s = d.state;
  return d.rewriteReceipt || d.score.total !== s.totalScore || d.score.grade !== s.grade;
}

function outboundChanges(d: Decision) {
  const { state } = d;
  return refreshChanges({
    leadId: d.leadId,
    before: { grade: state.grade, stage: state.stage, total: state.totalScore },
    after: { grade: d.score.grade, stage: d.stage.stage, total: d.score.total },
    entered: d.entered,
    left: d.left,
  });
}

function decide(state: LeadState, ctx: RefreshOptions["ctx"], now: Date): Decision {
  const facts = state.facts;
  // The same pure evaluation `simulate` runs, so the two cannot disagree.
  const { score, stage, iql, segments } = evaluateLead({
    facts,
    events: state.events,
    qualifications: state.qualifications,
    currentStage: state.stage,
    wasIql: state.isIql,
    previousGrade: state.grade,
    ownership: leadStateOf(state).ownership,
    rules: ctx.rules,
    now,
  });
  const { entered, left } = diffMemberships(state.segments, segments);
  // Rewrite the receipt only when it changed: most events leave earlier lines as they were.
  const nextKeys = score.receipt.map(receiptKey).sort();
  const storedKeys = [...state.receiptKeys].sort();
  const sameReceipt = nextKeys.length === storedKeys.length && nextKeys.every((k, i) => k === storedKeys[i]);
  const crossings = detectCrossings({
    before: { grade: state.grade as Grade, stage: state.stage as Stage, total: state.totalScore },
    after: { grade: score.grade, stage: stage.stage, total: score.total, stageReason: stage.reason },
    thresholds: ctx.rules.scoring.thresholds,
  });
  return {
    leadId: facts.id,
    state,
    score,
    stage,
    segments,
    entered,
    left,
    rewriteReceipt: !sameReceipt,
    crossings,
    isIql: iql,
  };
}

/**
 * One transition row per threshold crossing, and one marketing alert per lead whose crossings
 * alert (`alerts` in leadops.yml): grade and stage together. Two statements; with a tally, the
 * alerts are counted there instead.
 */
async function recordCrossings(
  tx: Tx,
  decisions: Decision[],
  o: { actor: string; now: Date; rules: RefreshOptions["ctx"]["rules"]; tally: CrossingTally | undefined },
): Promise<void> {
  const rows = decisions.flatMap((d) =>
    d.crossings.map((crossing) => ({ id: randomUUID(), leadId: d.leadId, crossing })),
  );
  if (rows.length === 0) return;
  await recordTransitions(tx, {
    rows: rows.map(({ id, leadId, crossing }) => ({ id, leadId, ...crossing })),
    actor: o.actor,
    at: o.now,
  });
  const firstTransition = new Map<string, string>();
  for (const { id, leadId } of rows) if (!firstTransition.has(leadId)) firstTransition.set(leadId, id);
  const alerts = decisions.flatMap((d) => {
    const crossings = alertCrossings(d.crossings, o.rules.alerts);
    return crossings.length === 0 ? [] : [{ d, crossings }];
  });
  if (o.tally) {
    for (const { d, crossings } of alerts) addToTally(o.tally, d.leadId, crossings);
    return;
  }
  await enqueueNotices(
    tx,
    alerts.map(({ d, crossings }) => ({
      kind: "threshold_alert" as const,
      leadId: d.leadId,
      payload: { leadId: d.leadId, total: d.score.total, crossings: crossings.map((c) => ({ ...c })) },
      // The change's first transition row names it: one alert per change, even if retried.
      dedupeKey: `crossing:${firstTransition.get(d.leadId)}`,
    })),
  );
}

/** Every write of a refresh but the crossings, in one statement (store/leads/lead-stage.ts). */
function writeDecisions(tx: Tx, decisions: Decision[], rulesHash: string, now: Date) {
  const rewritten = decisions.filter((d) => d.rewriteReceipt);
  return writeScoredLeads(tx, {
    rulesHash,
    now,
    // When the row is written, as Prisma's @updatedAt sets it for the other writes.
    writtenAt: new Date(),
    staleReceipts: rewritten.filter((d) => d.state.receiptKeys.length > 0).map((d) => d.leadId),
    receipt: rewritten.flatMap((d) => d.score.receipt.map((e) => ({ leadId: d.leadId, ...e }))),
    entered: decisions.flatMap((d) => d.entered.map((segment) => ({ leadId: d.leadId, segment }))),
    left: decisions.flatMap((d) => d.left.map((segment) => ({ leadId: d.leadId, segment }))),
    leads: decisions.map((d) => ({
      leadId: d.leadId,
      fit: d.score.fit,
      engagement: d.score.engagement,
      total: d.score.total,
      grade: d.score.grade,
      stage: d.stage.stage,
      isIql: d.isIql,
    })),
  });
}
