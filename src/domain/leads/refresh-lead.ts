// After anything about a lead changes (capture, event, qualification, rules, time), recompute
// what follows from it inside the caller's transaction: scores and receipt, grade and stage,
// IQL, segment memberships, one transition and one marketing notice per threshold crossing, and
// routing when the lead becomes sales-ready.

import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";
import { enqueueNotice } from "../notices/enqueue-notice.ts";
import { decideStage } from "../scoring/decide-stage.ts";
import { detectCrossings } from "../scoring/detect-crossings.ts";
import { isIql } from "../scoring/is-iql.ts";
import { scoreLead } from "../scoring/score-lead.ts";
import type { Grade, Stage } from "../scoring/types.ts";
import { diffMemberships } from "../segments/diff-memberships.ts";
import { evaluateSegments } from "../segments/evaluate-segments.ts";
import { leadFactsSelect, toEventFacts, toLeadFacts, toQualificationFacts } from "./lead-facts.ts";
import { type LeadSummary, toLeadSummary } from "./lead-summary.ts";
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
  // One refresh of a lead at a time: two events for the same lead on two instances must not
  // both see the old grade and both announce the same crossing.
  await tx.$executeRaw`SELECT 1 FROM "Lead" WHERE id = ${leadId}::uuid FOR UPDATE`;
  const [row, events, qualifications, memberships] = await Promise.all([
    tx.lead.findUniqueOrThrow({
      where: { id: leadId },
      select: {
        ...leadFactsSelect,
        fitScore: true,
        engagementScore: true,
        totalScore: true,
        ownerSlackId: true,
        isIql: true,
        mqlAt: true,
        sqlAt: true,
      },
    }),
    tx.leadEvent.findMany({
      where: { leadId },
      select: { id: true, type: true, occurredAt: true, properties: true },
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
    }),
    tx.qualification.findMany({
      where: { leadId },
      select: { id: true, framework: true, points: true, qualified: true, createdAt: true },
    }),
    tx.segmentMembership.findMany({ where: { leadId, leftAt: null }, select: { id: true, segment: true } }),
  ]);

  const now = ctx.now();
  const facts = toLeadFacts(row);
  const eventFacts = events.map(toEventFacts);
  const score = scoreLead({
    lead: facts,
    events: eventFacts,
    qualifications: qualifications.map(toQualificationFacts),
    config: ctx.rules.scoring,
    now,
  });
  const stage = decideStage({
    current: row.stage,
    grade: score.grade,
    qualified: qualifications.some((q) => q.qualified),
    config: ctx.rules.scoring,
  });
  const segments = evaluateSegments({ lead: facts, events: eventFacts, config: ctx.rules.segments, now });
  const { entered, left } = diffMemberships(
    memberships.map((m) => m.segment),
    segments,
  );

  await tx.scoreEntry.deleteMany({ where: { leadId } });
  if (score.receipt.length > 0) {
    await tx.scoreEntry.createMany({
      data: score.receipt.map((e) => ({
        leadId,
        rule: e.rule,
        kind: e.kind,
        points: e.points,
        currentPoints: e.currentPoints,
        eventId: e.eventId,
        at: e.at,
      })),
    });
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
    before: { grade: row.grade as Grade, stage: row.stage as Stage, total: row.totalScore },
    after: { grade: score.grade, stage: stage.stage, total: score.total, stageReason: stage.reason },
    thresholds: ctx.rules.scoring.thresholds,
  });
  for (const crossing of crossings) {
    const transition = await tx.leadTransition.create({
      data: {
        leadId,
        field: crossing.field,
        from: crossing.from,
        to: crossing.to,
        reason: crossing.reason,
        actor,
        at: now,
      },
      select: { id: true },
    });
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

  const updated = await tx.lead.update({
    where: { id: leadId },
    data: {
      fitScore: score.fit,
      engagementScore: score.engagement,
      totalScore: score.total,
      grade: score.grade,
      stage: stage.stage,
      isIql: row.isIql || isIql(facts, ctx.rules.scoring),
      rulesVersion: ctx.rulesHash,
      ...(stage.stage === "mql" && !row.mqlAt ? { mqlAt: now } : {}),
      ...(stage.stage === "sql" && !row.sqlAt ? { sqlAt: now, ...(row.mqlAt ? {} : { mqlAt: now }) } : {}),
    },
    select: {
      id: true,
      email: true,
      stage: true,
      grade: true,
      fitScore: true,
      engagementScore: true,
      totalScore: true,
      ownerSlackId: true,
    },
  });

  if (updated.stage === "sql" && !updated.ownerSlackId) {
    const owner = await routeReadyLead({ tx, ctx, leadId, segments, actor });
    if (owner !== undefined) updated.ownerSlackId = owner;
  }
  return { ...toLeadSummary(updated), segments };
}
