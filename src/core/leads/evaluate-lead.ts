// What follows from a lead's facts, events and qualifications under the rules: scores and
// receipt, grade, stage, IQL and segments. The pure part of a refresh (flows/refresh-lead.ts
// decide()), written once so that `simulate` computes exactly what the live app stores.
// Qualified means "some submission counts as qualified", as refresh-lead decides today: a
// framework's `promoteToSql: false` is not honoured yet (config check warns about it).
import type { Rules } from "../../config/rules.ts";
import { decideStage, type StageDecision } from "../scoring/decide-stage.ts";
import { isIql } from "../scoring/is-iql.ts";
import { scoreLead } from "../scoring/score-lead.ts";
import type { EventFacts, QualificationFacts, ScoreResult } from "../scoring/types.ts";
import { evaluateSegments } from "../segments/evaluate-segments.ts";
import type { LeadFacts } from "./lead-facts.ts";

export interface LeadEvaluation {
  score: ScoreResult;
  stage: StageDecision;
  iql: boolean;
  segments: string[];
}

export function evaluateLead(options: {
  facts: LeadFacts;
  events: readonly EventFacts[];
  qualifications: readonly QualificationFacts[];
  /** The stored stage ("lead" for a new lead). */
  currentStage: string;
  /** The stored IQL flag: once IQL, always IQL. */
  wasIql: boolean;
  rules: Pick<Rules, "scoring" | "segments">;
  now: Date;
}): LeadEvaluation {
  const { facts, events, qualifications, rules, now } = options;
  const score = scoreLead({ lead: facts, events: [...events], qualifications, config: rules.scoring, now });
  const stage = decideStage({
    current: options.currentStage,
    grade: score.grade,
    qualified: qualifications.some((q) => q.qualified),
    config: rules.scoring,
  });
  const segments = evaluateSegments({ lead: facts, events: [...events], config: rules.segments, now });
  return { score, stage, iql: options.wasIql || isIql(facts, rules.scoring), segments };
}
