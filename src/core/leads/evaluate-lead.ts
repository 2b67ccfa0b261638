// What follows from a lead's facts, events and qualifications under the rules: scores and
// receipt, grade, stage, IQL and segments. The pure part of a refresh (flows/refresh-lead.ts
// decide()), written once so that `simulate` computes exactly what the live app stores.
// Qualified means "the latest submission of some framework with `promoteToSql` counts as
// qualified" (core/qualification/is-qualified.ts).
import type { Rules } from "../../config/rules.ts";
import type { Ownership } from "../lifecycle/moves.ts";
import { isQualified } from "../qualification/is-qualified.ts";
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
  /** The stored grade: re-entry from nurture needs a real crossing of hot. */
  previousGrade?: string | null | undefined;
  /** Who owns the lead now (lifecycle ownership); unowned when absent. */
  ownership?: Ownership | undefined;
  rules: Pick<Rules, "scoring" | "segments" | "qualification">;
  now: Date;
}): LeadEvaluation {
  const { facts, events, qualifications, rules, now } = options;
  const score = scoreLead({ lead: facts, events: [...events], qualifications, config: rules.scoring, now });
  const stage = decideStage({
    current: options.currentStage,
    grade: score.grade,
    previousGrade: options.previousGrade ?? undefined,
    qualified: isQualified({ qualifications, config: rules.qualification }),
    ownership: options.ownership,
    config: rules.scoring,
  });
  const segments = evaluateSegments({ lead: facts, events: [...events], config: rules.segments, now });
  return { score, stage, iql: options.wasIql || isIql(facts, rules.scoring), segments };
}
