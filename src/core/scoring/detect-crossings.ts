import type { ScoringConfig } from "./config.ts";
import type { Grade, Stage } from "./types.ts";

export interface LeadSnapshot {
  grade: Grade;
  stage: Stage;
  total?: number;
  /** Why the stage is what it is (from `decideStage`), used as the stage crossing's reason. */
  stageReason?: string;
}

export interface Crossing {
  field: "grade" | "stage";
  from: string;
  to: string;
  direction: "up" | "down";
  reason: string;
  /** Stable id of this crossing (`grade:warm->hot`), e.g. for an outbox dedupe key. */
  key: string;
}

const GRADE_RANK: Record<string, number> = { cold: 0, warm: 1, hot: 2 };
const STAGE_RANK: Record<string, number> = {
  disqualified: -2,
  nurture: -1,
  lead: 0,
  mql: 1,
  sql: 2,
  customer: 3,
};

/**
 * The threshold crossings between two snapshots of a lead, up or down: at most one per field,
 * grade first. The caller records each (LeadTransition) and alerts once.
 */
export function detectCrossings(options: {
  before: LeadSnapshot;
  after: LeadSnapshot;
  thresholds?: ScoringConfig["thresholds"];
}): Crossing[] {
  const { before, after, thresholds } = options;
  const crossings: Crossing[] = [];
  if (before.grade !== after.grade) {
    const up = (GRADE_RANK[after.grade] ?? 0) > (GRADE_RANK[before.grade] ?? 0);
    crossings.push({
      field: "grade",
      from: before.grade,
      to: after.grade,
      direction: up ? "up" : "down",
      reason: gradeReason(before, after, up, thresholds),
      key: `grade:${before.grade}->${after.grade}`,
    });
  }
  if (before.stage !== after.stage) {
    const up = (STAGE_RANK[after.stage] ?? 0) > (STAGE_RANK[before.stage] ?? 0);
    crossings.push({
      field: "stage",
      from: before.stage,
      to: after.stage,
      direction: up ? "up" : "down",
      reason: after.stageReason ?? `stage changed from ${before.stage} to ${after.stage}`,
      key: `stage:${before.stage}->${after.stage}`,
    });
  }
  return crossings;
}

function gradeReason(
  before: LeadSnapshot,
  after: LeadSnapshot,
  up: boolean,
  thresholds: ScoringConfig["thresholds"] | undefined,
): string {
  const score =
    after.total === undefined
      ? "total score"
      : `total score ${before.total === undefined ? "" : `${before.total} → `}${after.total}`;
  if (!thresholds) return `${score}: ${before.grade} → ${after.grade}`;
  // The threshold that was crossed: going up, the new grade's; going down, the old grade's.
  const passed = up ? after.grade : before.grade;
  const limit = passed === "hot" ? thresholds.hot : thresholds.warm;
  return `${score} ${up ? "reached" : "fell below"} the ${passed} threshold (${limit})`;
}
