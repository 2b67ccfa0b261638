import type { ScoringConfig } from "./config.ts";
import type { Grade, Stage } from "./types.ts";

/** Stages people and outcomes set; scoring never moves a lead out of them. */
const MANUAL_STAGES: ReadonlySet<string> = new Set(["customer", "nurture", "disqualified"]);
const RANK: Record<string, number> = { lead: 0, mql: 1, sql: 2 };

export interface StageDecision {
  stage: Stage;
  /** Why the stage is what it is; shown in the lead's history and in threshold alerts. */
  reason: string;
  changed: boolean;
}

/**
 * The lifecycle stage scoring gives a lead: warm or better → mql, hot → sql, a qualifying
 * framework submission (CHAMP by default) → sql. A stage only moves back (sql → mql → lead) when
 * `stages.moveBack` is on; customer, nurture and disqualified are never touched.
 */
export function decideStage(options: {
  current: Stage | string;
  grade: Grade;
  qualified: boolean;
  config: ScoringConfig;
}): StageDecision {
  const { current, grade, qualified, config } = options;
  const keep = (reason: string): StageDecision => ({ stage: current as Stage, reason, changed: false });
  if (MANUAL_STAGES.has(current)) return keep(`${current} is set by people; scoring does not change it`);

  const { warm, hot } = config.thresholds;
  let target: Stage;
  let why: string;
  if (grade === "hot") {
    target = "sql";
    why = `total score reached the hot threshold (${hot})`;
  } else if (qualified) {
    target = "sql";
    why = "a qualification submission counts as qualified";
  } else if (grade === "warm") {
    target = "mql";
    why = `total score reached the warm threshold (${warm})`;
  } else {
    target = "lead";
    why = `total score is below the warm threshold (${warm})`;
  }
  const from = RANK[current] ?? 0;
  const to = RANK[target] as number;
  if (to === from && current === target) return keep(why);
  if (to < from && !config.stages.moveBack) {
    return keep(`${current} is kept: stages do not move back automatically (scoring.stages.moveBack)`);
  }
  return { stage: target, reason: why, changed: true };
}
