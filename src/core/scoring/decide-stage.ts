import { decideMove } from "../lifecycle/decide-move.ts";
import type { MoveName, Ownership } from "../lifecycle/moves.ts";
import type { ScoringConfig } from "./config.ts";
import type { Grade, Stage } from "./types.ts";

/** Stages people and outcomes set; scoring never moves a lead out of them (nurture: see reenter). */
const MANUAL_STAGES: ReadonlySet<string> = new Set(["customer", "disqualified"]);
const RANK: Record<string, number> = { lead: 0, mql: 1, sql: 2 };

export interface StageDecision {
  stage: Stage;
  /** Why the stage is what it is; shown in the lead's history and in threshold alerts. */
  reason: string;
  changed: boolean;
  /** The lifecycle move (core/lifecycle/moves.ts) the change is; absent when nothing changed. */
  move?: MoveName;
}

/**
 * The lifecycle stage scoring gives a lead: warm or better → mql, hot → sql, a qualifying
 * framework submission (CHAMP by default) → sql. A stage only moves back (sql → mql → lead) when
 * `stages.moveBack` is on; customer and disqualified are never touched; a nurtured lead whose
 * score crosses hot comes back as sql when `stages.reenterFromNurture` is on. Every change is a
 * move of the lifecycle table, asked of decideMove: a move the table refuses (a lost lead is
 * closed, so its stage stays for the report) keeps the stage.
 */
export function decideStage(options: {
  current: Stage | string;
  grade: Grade;
  /**
   * The grade before this scoring, so that a nurtured lead comes back when it *crosses* hot and
   * not on every event while it stays hot. Unknown (a simulation) counts as not hot.
   */
  previousGrade?: Grade | string | undefined;
  qualified: boolean;
  /** Who owns the lead (core/lifecycle); unowned when not known (a simulation). */
  ownership?: Ownership | undefined;
  config: ScoringConfig;
}): StageDecision {
  const { current, grade, qualified, config } = options;
  const keep = (reason: string): StageDecision => ({ stage: current as Stage, reason, changed: false });
  if (MANUAL_STAGES.has(current)) return keep(`${current} is set by people; scoring does not change it`);
  if (current === "nurture") return decideNurture(options, keep);

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
  const move: MoveName = to < from ? "cool" : target === "mql" ? "warm" : grade === "hot" ? "hot" : "qualify";
  return allowed(options, move, move === "qualify" ? "qualification" : "score", target, why, keep);
}

function decideNurture(
  options: Parameters<typeof decideStage>[0],
  keep: (reason: string) => StageDecision,
): StageDecision {
  const { grade, previousGrade, config } = options;
  if (grade !== "hot") {
    return keep("nurture is set by people; scoring brings a nurtured lead back only when it turns hot");
  }
  if (!config.stages.reenterFromNurture) {
    return keep("nurture is kept: re-entry from nurture is off (scoring.stages.reenterFromNurture)");
  }
  if (previousGrade === "hot") {
    return keep(
      "nurture is kept: the lead was already hot when nurtured; it comes back when it crosses hot again",
    );
  }
  const why = `re-entered from nurture: total score reached the hot threshold (${config.thresholds.hot})`;
  return allowed(options, "reenter", "score", "sql", why, keep);
}

function allowed(
  options: Parameters<typeof decideStage>[0],
  move: MoveName,
  by: "score" | "qualification",
  target: Stage,
  why: string,
  keep: (reason: string) => StageDecision,
): StageDecision {
  const from = { stage: options.current as Stage, ownership: options.ownership ?? "unowned" };
  const decision = decideMove({ move, from, by });
  if (!decision.ok) return keep(`${options.current} is kept: ${decision.reason}`);
  return { stage: target, reason: why, changed: true, move };
}
