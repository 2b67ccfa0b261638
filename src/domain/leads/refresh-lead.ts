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
import { loadLeadState, receiptKey } from "./load-lead-state.ts";
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

export async function refreshLead({ tx, ctx, leadId, actor }: RefreshOptions): Promise<RefreshResult> {
  const state = await loadLeadState(tx, leadId);
  const now = ctx.now();
  const facts = state.facts;
  const eventFacts = state.events;
  const score = scoreLead({
    lead: facts,
    events: eventFacts,
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
  const segments = evaluateSegments({ lead: facts, events: eventFacts, config: ctx.rules.segments, now });
  const { entered, left } = diffMemberships(state.segments, segments);

  // Rewrite the receipt only when it changed: most events leave earlier lines as they were.
  const nextKeys = score.receipt.map(receiptKey).sort();
  const storedKeys = [...state.receiptKeys].sort();
  const sameReceipt = nextKeys.length === storedKeys.length && nextKeys.every((k, i) => k === storedKeys[i]);
  if (!sameReceipt && storedKeys.length > 0)
    await tx.$executeRaw`DELETE FROM "ScoreEntry" WHERE "leadId" = ${leadId}::uuid`;
  if (!sameReceipt && score.receipt.length > 0) {
    // One multi-row insert through unnest: the receipt is rewritten on most webhooks.
    const r = score.receipt;
    await tx.$executeRaw`INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", "eventId", at)
      SELECT gen_random_uuid(), ${leadId}::uuid, e.rule, e.kind, e.points, e.current, e.event, e.at
      FROM unnest(${r.map((e) => e.rule)}::text[], ${r.map((e) => e.kind)}::text[],
        ${r.map((e) => e.points)}::float8[], ${r.map((e) => e.currentPoints)}::float8[],
        ${r.map((e) => e.eventId)}::uuid[], ${r.map((e) => utcTimestamp(e.at))}::timestamp[])
        AS e(rule, kind, points, current, event, at)`;
  }
  if (entered.length > 0) {
    await tx.segmentMembership.createMany({
      data: entered.map((segment) => ({ leadId, segment, enteredAt: now })),
    });
  }
  if (left.length > 0) {
    await tx.segmentMembership.updateMany({
      where: { leadId, leftAt: null, segment: { in: left } },
      data: { leftAt: now },
    });
  }

  const crossings = detectCrossings({
    before: { grade: state.grade as Grade, stage: state.stage as Stage, total: state.totalScore },
    after: { grade: score.grade, stage: stage.stage, total: score.total, stageReason: stage.reason },
    thresholds: ctx.rules.scoring.thresholds,
  });
  for (const crossing of crossings) {
    const [transition] = await tx.$queryRaw<{ id: string }[]>`
      INSERT INTO "LeadTransition" (id, "leadId", field, "from", "to", reason, actor, at)
      VALUES (gen_random_uuid(), ${leadId}::uuid, ${crossing.field}, ${crossing.from}, ${crossing.to},
        ${crossing.reason}, ${actor}, ${utcTimestamp(now)}::timestamp)
      RETURNING id::text AS id`;
    if (!transition) throw new Error("transition insert returned no row");
    await enqueueNotice(tx, {
      kind: "threshold_alert",
      leadId,
      payload: {
        leadId,
        field: crossing.field,
        from: crossing.from,
        to: crossing.to,
        direction: crossing.direction,
        reason: crossing.reason,
        total: score.total,
      },
      // The transition row is the crossing: one notice per crossing, even if retried.
      dedupeKey: `crossing:${transition.id}`,
    });
  }

  // Raw SQL: this update runs on every webhook (see audit.ts for why not a model query).
  // mqlAt/sqlAt keep the first time the lead reached the stage.
  const at = utcTimestamp(now);
  const mql = stage.stage === "mql" || stage.stage === "sql";
  const [updated] = await tx.$queryRaw<
    {
      id: string;
      email: string;
      stage: string;
      grade: string;
      fitScore: number;
      engagementScore: number;
      totalScore: number;
      ownerSlackId: string | null;
    }[]
  >`UPDATE "Lead" SET "fitScore" = ${score.fit}, "engagementScore" = ${score.engagement},
      "totalScore" = ${score.total}, grade = ${score.grade}, stage = ${stage.stage},
      "isIql" = ${state.isIql || isIql(facts, ctx.rules.scoring)}, "rulesVersion" = ${ctx.rulesHash},
      "mqlAt" = CASE WHEN ${mql} THEN COALESCE("mqlAt", ${at}::timestamp) ELSE "mqlAt" END,
      "sqlAt" = CASE WHEN ${stage.stage === "sql"} THEN COALESCE("sqlAt", ${at}::timestamp) ELSE "sqlAt" END,
      "updatedAt" = ${utcTimestamp(new Date())}::timestamp
    WHERE id = ${leadId}::uuid
    RETURNING id, email, stage, grade, "fitScore", "engagementScore", "totalScore", "ownerSlackId"`;
  if (!updated) throw new Error(`lead ${leadId} vanished while being refreshed`);

  if (updated.stage === "sql" && !updated.ownerSlackId) {
    const owner = await routeReadyLead({ tx, ctx, leadId, segments, actor });
    if (owner !== undefined) updated.ownerSlackId = owner;
  }
  return { ...toLeadSummary(updated), segments };
}
