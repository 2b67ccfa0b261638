// After anything about a lead changes (capture, event, qualification, rules, time), recompute
// what follows from it inside the caller's transaction: scores and receipt, grade and stage,
// IQL, segment memberships, one transition and one marketing notice per threshold crossing, and
// routing when the lead becomes sales-ready.

import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";
import { utcTimestamp } from "../audit.ts";
import { enqueueNotice } from "../notices/enqueue-notice.ts";
import { decideStage } from "../scoring/decide-stage.ts";
import { detectCrossings } from "../scoring/detect-crossings.ts";
import { isIql } from "../scoring/is-iql.ts";
import { scoreLead } from "../scoring/score-lead.ts";
import type { Grade, Stage } from "../scoring/types.ts";
import { diffMemberships } from "../segments/diff-memberships.ts";
import { evaluateSegments } from "../segments/evaluate-segments.ts";
import { type LeadSummary, toLeadSummary } from "./lead-summary.ts";
import { type LeadState, loadLeadStates, receiptKey } from "./load-lead-state.ts";
import { routeReadyLead } from "./route-ready-lead.ts";

export interface RefreshOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  /** Who or what caused the change, for transitions and the audit log. */
  actor: string;
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
  const { tx, ctx, leadIds, actor } = options;
  const states = await loadLeadStates(tx, leadIds);
  const now = ctx.now();
  const decisions = leadIds.map((leadId) => {
    const state = states.get(leadId);
    if (!state) throw new Error(`lead ${leadId} does not exist`);
    return decide(state, ctx, now);
  });

  await rewriteReceipts(tx, decisions);
  await recordMemberships(tx, decisions, now);
  await recordCrossings(tx, decisions, actor, now);
  const updated = await updateLeads(tx, decisions, ctx.rulesHash, now);

  const results: RefreshResult[] = [];
  for (const d of decisions) {
    const row = updated.get(d.leadId);
    if (!row) throw new Error(`lead ${d.leadId} vanished while being refreshed`);
    if (row.stage === "sql" && !row.ownerSlackId) {
      const owner = await routeReadyLead({ tx, ctx, leadId: d.leadId, segments: d.segments, actor });
      if (owner !== undefined) row.ownerSlackId = owner;
    }
    results.push({ ...toLeadSummary(row), segments: d.segments });
  }
  return results;
}

function decide(state: LeadState, ctx: RefreshOptions["ctx"], now: Date): Decision {
  const facts = state.facts;
  const score = scoreLead({
    lead: facts,
    events: state.events,
    qualifications: state.qualifications,
    config: ctx.rules.scoring,
    now,
  });
  const stage = decideStage({
    current: state.stage,
    grade: score.grade,
    qualified: state.qualifications.some((q) => q.qualified),
    config: ctx.rules.scoring,
  });
  const segments = evaluateSegments({ lead: facts, events: state.events, config: ctx.rules.segments, now });
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
    isIql: state.isIql || isIql(facts, ctx.rules.scoring),
  };
}

async function rewriteReceipts(tx: Tx, decisions: Decision[]): Promise<void> {
  const stale = decisions
    .filter((d) => d.rewriteReceipt && d.state.receiptKeys.length > 0)
    .map((d) => d.leadId);
  if (stale.length > 0) await tx.$executeRaw`DELETE FROM "ScoreEntry" WHERE "leadId" = ANY(${stale}::uuid[])`;
  const lines = decisions
    .filter((d) => d.rewriteReceipt)
    .flatMap((d) => d.score.receipt.map((e) => ({ leadId: d.leadId, ...e })));
  if (lines.length === 0) return;
  // One multi-row insert through unnest: the receipt is rewritten on most webhooks.
  await tx.$executeRaw`INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", "eventId", at)
    SELECT gen_random_uuid(), e.lead, e.rule, e.kind, e.points, e.current, e.event, e.at
    FROM unnest(${lines.map((e) => e.leadId)}::uuid[], ${lines.map((e) => e.rule)}::text[],
      ${lines.map((e) => e.kind)}::text[], ${lines.map((e) => e.points)}::float8[],
      ${lines.map((e) => e.currentPoints)}::float8[], ${lines.map((e) => e.eventId)}::uuid[],
      ${lines.map((e) => utcTimestamp(e.at))}::timestamp[])
      AS e(lead, rule, kind, points, current, event, at)`;
}

async function recordMemberships(tx: Tx, decisions: Decision[], now: Date): Promise<void> {
  const at = utcTimestamp(now);
  const entered = decisions.flatMap((d) => d.entered.map((segment) => ({ leadId: d.leadId, segment })));
  if (entered.length > 0) {
    await tx.$executeRaw`INSERT INTO "SegmentMembership" (id, "leadId", segment, "enteredAt")
      SELECT gen_random_uuid(), m.lead, m.segment, ${at}::timestamp
      FROM unnest(${entered.map((m) => m.leadId)}::uuid[], ${entered.map((m) => m.segment)}::text[])
        AS m(lead, segment)`;
  }
  const left = decisions.flatMap((d) => d.left.map((segment) => ({ leadId: d.leadId, segment })));
  if (left.length > 0) {
    await tx.$executeRaw`UPDATE "SegmentMembership" s SET "leftAt" = ${at}::timestamp
      FROM unnest(${left.map((m) => m.leadId)}::uuid[], ${left.map((m) => m.segment)}::text[]) AS m(lead, segment)
      WHERE s."leadId" = m.lead AND s.segment = m.segment AND s."leftAt" IS NULL`;
  }
}

/** One transition row and one marketing notice per threshold crossing. */
async function recordCrossings(tx: Tx, decisions: Decision[], actor: string, now: Date): Promise<void> {
  for (const d of decisions) {
    for (const crossing of d.crossings) {
      const [transition] = await tx.$queryRaw<{ id: string }[]>`
        INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
        VALUES (gen_random_uuid(), ${d.leadId}::uuid, ${crossing.field}, ${crossing.from}, ${crossing.to},
          ${crossing.reason}, ${actor}, ${utcTimestamp(now)}::timestamp)
        RETURNING id::text AS id`;
      if (!transition) throw new Error("transition insert returned no row");
      await enqueueNotice(tx, {
        kind: "threshold_alert",
        leadId: d.leadId,
        payload: {
          leadId: d.leadId,
          field: crossing.field,
          from: crossing.from,
          to: crossing.to,
          direction: crossing.direction,
          reason: crossing.reason,
          total: d.score.total,
        },
        // The transition row is the crossing: one notice per crossing, even if retried.
        dedupeKey: `crossing:${transition.id}`,
      });
    }
  }
}

interface UpdatedRow {
  id: string;
  email: string;
  stage: string;
  grade: string;
  fitScore: number;
  engagementScore: number;
  totalScore: number;
  ownerSlackId: string | null;
}

/** Scores, grade, stage and stage times of every lead in one UPDATE … FROM unnest. */
async function updateLeads(
  tx: Tx,
  decisions: Decision[],
  rulesHash: string,
  now: Date,
): Promise<Map<string, UpdatedRow>> {
  const at = utcTimestamp(now);
  const col = <T>(f: (d: Decision) => T) => decisions.map(f);
  // mqlAt/sqlAt keep the first time the lead reached the stage.
  const rows = await tx.$queryRaw<UpdatedRow[]>`
    UPDATE "Lead" l SET "fitScore" = u.fit, "engagementScore" = u.engagement, "totalScore" = u.total,
      grade = u.grade, stage = u.stage, "isIql" = u.iql, "rulesVersion" = ${rulesHash},
      "mqlAt" = CASE WHEN u.stage IN ('mql', 'sql') THEN COALESCE(l."mqlAt", ${at}::timestamp) ELSE l."mqlAt" END,
      "sqlAt" = CASE WHEN u.stage = 'sql' THEN COALESCE(l."sqlAt", ${at}::timestamp) ELSE l."sqlAt" END,
      "updatedAt" = ${utcTimestamp(new Date())}::timestamp
    FROM unnest(${col((d) => d.leadId)}::uuid[], ${col((d) => d.score.fit)}::float8[],
      ${col((d) => d.score.engagement)}::float8[], ${col((d) => d.score.total)}::float8[],
      ${col((d) => d.score.grade)}::text[], ${col((d) => d.stage.stage)}::text[], ${col((d) => d.isIql)}::bool[])
      AS u(id, fit, engagement, total, grade, stage, iql)
    WHERE l.id = u.id
    RETURNING l.id, l.email, l.stage, l.grade, l."fitScore", l."engagementScore", l."totalScore", l."ownerSlackId"`;
  return new Map(rows.map((r) => [r.id, r]));
}
