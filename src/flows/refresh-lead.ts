// After anything about a lead changes (capture, event, qualification, rules, time), recompute
// what follows from it inside the caller's transaction: scores and receipt, grade and stage,
// IQL, segment memberships, one transition and one marketing notice per threshold crossing, and
// routing when the lead becomes sales-ready.

import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { refreshChanges } from "../core/outbound/refresh-changes.ts";
import { decideStage } from "../core/scoring/decide-stage.ts";
import { detectCrossings } from "../core/scoring/detect-crossings.ts";
import { isIql } from "../core/scoring/is-iql.ts";
import { scoreLead } from "../core/scoring/score-lead.ts";
import type { Grade, Stage } from "../core/scoring/types.ts";
import { diffMemberships } from "../core/segments/diff-memberships.ts";
import { evaluateSegments } from "../core/segments/evaluate-segments.ts";
import { utcTimestamp } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { type LeadSummary, type SummaryRow, toLeadSummary } from "../store/leads/lead-summary.ts";
import { type LeadState, loadLeadStates, receiptKey } from "../store/leads/load-lead-state.ts";
import { queueOutbound } from "../store/outbound/queue-outbound.ts";
import { enqueueNotices } from "../store/outbox/enqueue-notice.ts";
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

  await recordCrossings(tx, decisions, actor, now);
  const updated = await writeDecisions(tx, decisions, ctx.rulesHash, now);
  // Outbound webhooks (docs/decisions/0012): a no-op unless leadops.yml subscribes to events.
  await queueOutbound(tx, decisions.flatMap(outboundChanges));

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

/** One transition row and one marketing notice per threshold crossing, in two statements. */
async function recordCrossings(tx: Tx, decisions: Decision[], actor: string, now: Date): Promise<void> {
  const rows = decisions.flatMap((d) =>
    d.crossings.map((crossing) => ({ id: randomUUID(), leadId: d.leadId, total: d.score.total, crossing })),
  );
  if (rows.length === 0) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => rows.map(f);
  await tx.sql.query(
    `INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
     SELECT t.id, t.lead, t.field, t.old, t.new, t.reason, $1, $2::timestamp
     FROM unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[])
       AS t(id, lead, field, old, new, reason)`,
    [
      actor,
      utcTimestamp(now),
      col((r) => r.id),
      col((r) => r.leadId),
      col((r) => r.crossing.field),
      col((r) => r.crossing.from),
      col((r) => r.crossing.to),
      col((r) => r.crossing.reason),
    ],
  );
  await enqueueNotices(
    tx,
    rows.map(({ id, leadId, total, crossing }) => ({
      kind: "threshold_alert" as const,
      leadId,
      payload: {
        leadId,
        field: crossing.field,
        from: crossing.from,
        to: crossing.to,
        direction: crossing.direction,
        reason: crossing.reason,
        total,
      },
      // The transition row is the crossing: one notice per crossing, even if retried.
      dedupeKey: `crossing:${id}`,
    })),
  );
}

/**
 * Every write of a refresh but the crossings in ONE statement (data-modifying CTEs; empty
 * arrays make a part a no-op): the receipt rewritten where it changed, segment entries and
 * exits, and the lead's scores, grade, stage, stage times and segments. One round trip instead
 * of five matters because a webhook batch pays Prisma's and the network's cost per statement.
 *
 * Lead.segments mirrors the open memberships. The statement cannot read its own CTEs' writes,
 * so open_after computes them: open rows as this statement sees them, minus exits, plus
 * entries, sorted by the database's collation like the migration's backfill. It reads the
 * table rather than trusting `Decision.segments`: it was written when loadLeadStates locked and
 * read in one statement, whose subqueries kept the snapshot from before a lock wait (test:
 * lead-report-columns "stale snapshot"). loadLeadStates now locks first and reads after, so the
 * two agree; this stays as a second guard. The extra read is an index-only scan per lead.
 */
async function writeDecisions(
  tx: Tx,
  decisions: Decision[],
  rulesHash: string,
  now: Date,
): Promise<Map<string, SummaryRow>> {
  const rewritten = decisions.filter((d) => d.rewriteReceipt);
  const stale = rewritten.filter((d) => d.state.receiptKeys.length > 0).map((d) => d.leadId);
  const lines = rewritten.flatMap((d) => d.score.receipt.map((e) => ({ leadId: d.leadId, ...e })));
  const entered = decisions.flatMap((d) => d.entered.map((segment) => ({ leadId: d.leadId, segment })));
  const left = decisions.flatMap((d) => d.left.map((segment) => ({ leadId: d.leadId, segment })));
  const col = <T>(f: (d: Decision) => T) => decisions.map(f);
  // mqlAt/sqlAt keep the first time the lead reached the stage.
  const rows = await tx.sql.query<SummaryRow>(
    `WITH stale AS (DELETE FROM "ScoreEntry" WHERE "leadId" = ANY($4::uuid[])),
     receipt AS (
       INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", "eventId", at)
       SELECT gen_random_uuid(), e.lead, e.rule, e.kind, e.points, e.current, e.event, e.at
       FROM unnest($5::uuid[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::uuid[], $11::timestamp[])
         AS e(lead, rule, kind, points, current, event, at)),
     entered AS (
       INSERT INTO "SegmentMembership" (id, "leadId", segment, "enteredAt")
       SELECT gen_random_uuid(), m.lead, m.segment, $2::timestamp
       FROM unnest($12::uuid[], $13::text[]) AS m(lead, segment)),
     exited AS (
       UPDATE "SegmentMembership" s SET "leftAt" = $2::timestamp
       FROM unnest($14::uuid[], $15::text[]) AS m(lead, segment)
       WHERE s."leadId" = m.lead AND s.segment = m.segment AND s."leftAt" IS NULL),
     open_after AS (
       SELECT o.lead, array_agg(o.segment ORDER BY o.segment) AS segments
       FROM (SELECT s."leadId", s.segment FROM "SegmentMembership" s
               WHERE s."leadId" = ANY($16::uuid[]) AND s."leftAt" IS NULL
             EXCEPT SELECT * FROM unnest($14::uuid[], $15::text[])
             UNION SELECT * FROM unnest($12::uuid[], $13::text[])) AS o(lead, segment)
       GROUP BY o.lead)
     UPDATE "Lead" l SET "fitScore" = u.fit, "engagementScore" = u.engagement, "totalScore" = u.total,
       grade = u.grade, stage = u.stage, "isIql" = u.iql, "rulesVersion" = $1,
       "mqlAt" = CASE WHEN u.stage IN ('mql', 'sql') THEN COALESCE(l."mqlAt", $2::timestamp) ELSE l."mqlAt" END,
       "sqlAt" = CASE WHEN u.stage = 'sql' THEN COALESCE(l."sqlAt", $2::timestamp) ELSE l."sqlAt" END,
       segments = COALESCE(o.segments, '{}'), "updatedAt" = $3::timestamp
     FROM unnest($16::uuid[], $17::float8[], $18::float8[], $19::float8[], $20::text[], $21::text[], $22::bool[])
       AS u(id, fit, engagement, total, grade, stage, iql)
       LEFT JOIN open_after o ON o.lead = u.id
     WHERE l.id = u.id
     RETURNING l.id, l.email, l.stage, l.grade, l."fitScore", l."engagementScore", l."totalScore", l."ownerSlackId"`,
    [
      rulesHash,
      utcTimestamp(now),
      utcTimestamp(new Date()),
      stale,
      lines.map((e) => e.leadId),
      lines.map((e) => e.rule),
      lines.map((e) => e.kind),
      lines.map((e) => e.points),
      lines.map((e) => e.currentPoints),
      lines.map((e) => e.eventId),
      lines.map((e) => utcTimestamp(e.at)),
      entered.map((m) => m.leadId),
      entered.map((m) => m.segment),
      left.map((m) => m.leadId),
      left.map((m) => m.segment),
      col((d) => d.leadId),
      col((d) => d.score.fit),
      col((d) => d.score.engagement),
      col((d) => d.score.total),
      col((d) => d.score.grade),
      col((d) => d.stage.stage),
      col((d) => d.isIql),
    ],
  );
  return new Map(rows.map((r) => [r.id, r]));
}
