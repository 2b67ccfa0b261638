// `leadops simulate` and `/leads simulate`: what LeadOps would do with a lead, without saving
// anything — scores with the full receipt, segments, grade and stage, and the routing decision
// with every candidate and why each was skipped. It runs the engine's own pure code: the lead's
// stored columns come from newLeadColumns (the capture's derivation: normalised email, domain,
// interests), or from the stored lead itself; scores, stage and segments from evaluateLead (the
// refresh's decision); whether routing runs at all from routingGate; the decision from routeLead.
// Reps and routing state are what the caller read from the database (`--live`, Slack), else the
// reps as leadops.yml declares them, all available, with an empty rotation.
import { z } from "zod";
import type { Rules } from "../../config/rules.ts";
import { ValidationError } from "../errors.ts";
import { leadStateOf } from "../lifecycle/decide-move.ts";
import { explainDecision } from "../routing/explain-decision.ts";
import { matchRoute } from "../routing/match-route.ts";
import { routeLead } from "../routing/route-lead.ts";
import { routingGate } from "../routing/routing-gate.ts";
import { routingRepOf } from "../routing/routing-rep.ts";
import type { RoutingDecision, RoutingRep, RoutingState } from "../routing/types.ts";
import { pickReasons, type Reason } from "../scoring/pick-reasons.ts";
import type { EventFacts, QualificationFacts, ScoreResult, Stage } from "../scoring/types.ts";
import { evaluateLead } from "./evaluate-lead.ts";
import type { LeadFacts } from "./lead-facts.ts";
import { type LeadPatch, newLeadColumns } from "./merge-lead.ts";
import { normalizeEmail } from "./normalize-lead.ts";

const text = z.string().max(1000).nullish();
const simulatedLeadSchema = z
  .object({
    email: z.string().max(320).nullish(),
    firstName: text,
    lastName: text,
    name: text,
    company: text,
    website: text,
    title: text,
    seniority: text,
    industry: text,
    companySize: z.number().int().nonnegative().nullish(),
    annualRevenue: z.number().nonnegative().nullish(),
    country: text,
    region: text,
    city: text,
    timezone: text,
    source: text,
    campaign: text,
    leadMagnet: text,
    funnelStage: z.enum(["top", "middle", "bottom"]).nullish(),
    interests: z.array(z.string()).nullish(),
    consent: z.boolean().nullish(),
    attributes: z.record(z.string(), z.unknown()).nullish(),
    stage: z.enum(["lead", "mql", "sql", "customer", "nurture", "disqualified"]).optional(),
  })
  .passthrough();

const simulatedEventSchema = z.object({
  id: z.string().optional(),
  type: z.string().min(1),
  occurredAt: z.iso.datetime({ offset: true }).optional(),
  properties: z.record(z.string(), z.unknown()).optional(),
});

/** A stored lead as the live app would refresh it (read by the caller, inside a transaction). */
export interface StoredLeadForSimulation {
  facts: LeadFacts & { id: string };
  stage: string;
  isIql: boolean;
  events: EventFacts[];
  qualifications: QualificationFacts[];
  ownerSlackId: string | null;
  claimDeadlineAt: Date | null;
  lostAt: Date | null;
  forgottenAt: Date | null;
  openAssignments: number;
}

export interface Simulation {
  score: Omit<ScoreResult, "grade">;
  grade: string;
  stage: { stage: Stage; reason: string };
  iql: boolean;
  segments: string[];
  reasons: Reason[];
  /** The decision the routing engine would make; null when the live app would not route the lead. */
  routing: RoutingDecision | null;
  /** Why the lead is not routed (routingGate), when it is not. */
  notRouted: string | null;
  /** The route the lead matches and its pools (what a live caller must read state for). */
  route: { name: string; mode: string; strategy: string; pools: string[] };
  /** The lead's derived company domain, as capture stores it. */
  domain: string | null;
  /** Whether reps and rotation came from the database (else leadops.yml, everyone available). */
  live: boolean;
  /** Whether the stored lead (with its events) was the starting point. */
  stored: boolean;
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

/** The columns capture would store for a new lead with these fields, as facts (newLeadColumns). */
function capturedFacts(input: z.infer<typeof simulatedLeadSchema>, now: Date): LeadFacts {
  const rawEmail = input.email?.trim();
  const email = rawEmail ? (normalizeEmail(rawEmail) ?? rawEmail.toLowerCase()) : "";
  const columns = newLeadColumns(email, input as LeadPatch) as LeadFacts;
  return { ...columns, email: email === "" ? null : email, createdAt: now, stage: input.stage ?? "lead" };
}

/** The given events as the engine sees them (an event without a time happened now). */
function simulatedEvents(raw: unknown, now: Date): EventFacts[] {
  return parse(z.array(simulatedEventSchema), raw ?? [], "events").map((e, i) => ({
    id: e.id ?? `simulated-${i}`,
    type: e.type,
    occurredAt: e.occurredAt ? new Date(e.occurredAt) : now,
    properties: e.properties ?? {},
  }));
}

export function simulateLead(options: {
  rules: Rules;
  /** The lead's fields as the webhook takes them; ignored when `stored` is given. */
  lead?: unknown;
  events?: unknown;
  now: Date;
  /** The stored lead to start from: its fields, stage, events and qualifications. */
  stored?: StoredLeadForSimulation | null;
  /** Availability from the database when the caller has it; default: every declared rep available. */
  reps?: RoutingRep[];
  state?: RoutingState;
}): Simulation {
  const { rules, now, stored } = options;
  const input = stored ? null : parse(simulatedLeadSchema, options.lead ?? {}, "lead");
  const given = simulatedEvents(options.events, now);
  const lead: LeadFacts = stored ? stored.facts : capturedFacts(input!, now);
  const events = [...(stored?.events ?? []), ...given];
  const currentStage = stored ? stored.stage : (lead.stage ?? "lead");
  const { score, stage, iql, segments } = evaluateLead({
    facts: lead,
    events,
    qualifications: stored?.qualifications ?? [],
    currentStage,
    wasIql: stored?.isIql ?? false,
    previousGrade: stored ? stored.facts.grade : undefined,
    ownership: stored ? leadStateOf(stored).ownership : undefined,
    rules,
    now,
  });
  const routed = { ...lead, grade: score.grade, stage: stage.stage };
  const match = matchRoute({ lead: routed, segments, config: rules.routing });
  const notRouted = routingGate({
    stage: stage.stage,
    route: match.route,
    ownerSlackId: stored?.ownerSlackId ?? null,
    claimDeadlineAt: stored?.claimDeadlineAt ?? null,
    lostAt: stored?.lostAt ?? null,
    forgottenAt: stored?.forgottenAt ?? null,
    openAssignments: stored?.openAssignments ?? 0,
  });
  const reps: RoutingRep[] = options.reps ?? rules.reps.map((r) => routingRepOf(r));
  const state: RoutingState = options.state ?? { cursor: {}, ledger: {}, openCounts: {}, stats: {} };
  const routing =
    notRouted === null
      ? routeLead({ lead: routed, segments, config: rules.routing, reps, state, now }).decision
      : null;

  const reasons = pickReasons({ receipt: score.receipt, limit: 5, includeNegative: true });
  const routingLines = routing
    ? explainDecision(routing, { format: "plain" }).split("\n")
    : [notRouted ?? "", `(It would match route "${match.route.name}", mode ${match.route.mode}.)`];
  const explanation = [
    ...summaryLines(score, stage, iql, segments),
    `Routing (${options.reps ? "live reps and rotation" : "reps as leadops.yml declares them, all available"}):`,
    ...routingLines.map((l) => `  ${l}`),
  ].join("\n");
  return {
    score: { fit: score.fit, engagement: score.engagement, total: score.total, receipt: score.receipt },
    grade: score.grade,
    stage: { stage: stage.stage, reason: stage.reason },
    iql,
    segments,
    reasons,
    routing,
    notRouted,
    route: {
      name: match.route.name,
      mode: match.route.mode,
      strategy: match.route.strategy,
      pools: match.pools,
    },
    domain: lead.domain ?? null,
    live: options.reps !== undefined,
    stored: stored != null,
    explanation,
  };
}

function summaryLines(
  score: ScoreResult,
  stage: { stage: string; reason: string },
  iql: boolean,
  segments: string[],
): string[] {
  return [
    `Score: fit ${score.fit}, engagement ${score.engagement}, total ${score.total} → ${score.grade}`,
    `Stage: ${stage.stage} (${stage.reason})${iql ? ", IQL" : ""}`,
    `Segments: ${segments.length > 0 ? segments.join(", ") : "none"}`,
    "Receipt:",
    ...score.receipt.map(
      (e) =>
        `  ${e.kind.padEnd(10)} ${e.rule.padEnd(28)} ${String(e.points).padStart(6)} now ${String(e.currentPoints).padStart(6)}`,
    ),
  ];
}
