// `leadops simulate` and `/leads simulate`: what LeadOps would do with a lead, without saving
// anything — scores with the full receipt, segments, grade and stage, and the routing decision
// with every candidate and why each was skipped. Reps are taken as leadops.yml declares them,
// merged with the availability the caller passes (the CLI has none: everyone available).
import { z } from "zod";
import type { Rules } from "../../config/rules.ts";
import { ValidationError } from "../errors.ts";
import { explainDecision } from "../routing/explain-decision.ts";
import { routeLead } from "../routing/route-lead.ts";
import { routingRepOf } from "../routing/routing-rep.ts";
import type { RoutingDecision, RoutingRep, RoutingState } from "../routing/types.ts";
import { decideStage } from "../scoring/decide-stage.ts";
import { isIql } from "../scoring/is-iql.ts";
import { pickReasons, type Reason } from "../scoring/pick-reasons.ts";
import { scoreLead } from "../scoring/score-lead.ts";
import type { EventFacts, ScoreResult, Stage } from "../scoring/types.ts";
import { evaluateSegments } from "../segments/evaluate-segments.ts";
import type { LeadFacts } from "./lead-facts.ts";

const text = z.string().max(1000).optional();
const simulatedLeadSchema = z
  .object({
    email: z.string().max(320).optional(),
    firstName: text,
    lastName: text,
    name: text,
    company: text,
    website: text,
    title: text,
    seniority: text,
    industry: text,
    companySize: z.number().int().nonnegative().optional(),
    annualRevenue: z.number().nonnegative().optional(),
    country: text,
    region: text,
    city: text,
    timezone: text,
    source: text,
    campaign: text,
    leadMagnet: text,
    funnelStage: z.enum(["top", "middle", "bottom"]).optional(),
    interests: z.array(z.string()).optional(),
    consent: z.boolean().optional(),
    attributes: z.record(z.string(), z.unknown()).optional(),
    stage: z.enum(["lead", "mql", "sql", "customer", "nurture", "disqualified"]).optional(),
  })
  .passthrough();

const simulatedEventSchema = z.object({
  id: z.string().optional(),
  type: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

export interface Simulation {
  score: Omit<ScoreResult, "grade">;
  grade: string;
  stage: { stage: Stage; reason: string };
  iql: boolean;
  segments: string[];
  reasons: Reason[];
  routing: RoutingDecision | null;
  explanation: string;
}

function parse<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    throw new ValidationError(
      `The ${what} is not valid`,
      result.error.issues.map((i) => ({ field: [what, ...i.path].join("."), message: i.message })),
    );
  }
  return result.data;
}

export function simulateLead(options: {
  rules: Rules;
  lead: unknown;
  events?: unknown;
  now: Date;
  /** Availability from the database when the caller has it; default: every declared rep available. */
  reps?: RoutingRep[];
  state?: RoutingState;
}): Simulation {
  const { rules, now } = options;
  const input = parse(simulatedLeadSchema, options.lead, "lead");
  const rawEvents = parse(z.array(simulatedEventSchema), options.events ?? [], "events");
  const events: EventFacts[] = rawEvents.map((e, i) => ({
    id: e.id ?? `simulated-${i}`,
    type: e.type,
    occurredAt: e.occurredAt ? new Date(e.occurredAt) : now,
    properties: e.properties ?? {},
  }));
  const email = input.email?.trim().toLowerCase();
  const lead: LeadFacts = { ...input, email: email ?? null, createdAt: now, stage: input.stage ?? "lead" };

  const score = scoreLead({ lead, events, config: rules.scoring, now });
  const stage = decideStage({
    current: lead.stage ?? "lead",
    grade: score.grade,
    qualified: false,
    config: rules.scoring,
  });
  const segments = evaluateSegments({ lead, events, config: rules.segments, now });
  const reps: RoutingRep[] = options.reps ?? rules.reps.map((r) => routingRepOf(r));
  const state: RoutingState = options.state ?? { cursor: {}, ledger: {}, openCounts: {}, stats: {} };
  const routing = routeLead({
    lead: { ...lead, grade: score.grade, stage: stage.stage },
    segments,
    config: rules.routing,
    reps,
    state,
    now,
  }).decision;

  const reasons = pickReasons({ receipt: score.receipt, limit: 5, includeNegative: true });
  const lines = [
    `Score: fit ${score.fit}, engagement ${score.engagement}, total ${score.total} → ${score.grade}`,
    `Stage: ${stage.stage} (${stage.reason})${isIql(lead, rules.scoring) ? ", IQL" : ""}`,
    `Segments: ${segments.length > 0 ? segments.join(", ") : "none"}`,
    "Receipt:",
    ...score.receipt.map(
      (e) =>
        `  ${e.kind.padEnd(10)} ${e.rule.padEnd(28)} ${String(e.points).padStart(6)} now ${String(e.currentPoints).padStart(6)}`,
    ),
    "Routing:",
    ...explainDecision(routing, { format: "plain" })
      .split("\n")
      .map((l) => `  ${l}`),
  ];
  return {
    score: { fit: score.fit, engagement: score.engagement, total: score.total, receipt: score.receipt },
    grade: score.grade,
    stage: { stage: stage.stage, reason: stage.reason },
    iql: isIql(lead, rules.scoring),
    segments,
    reasons,
    routing,
    explanation: lines.join("\n"),
  };
}
