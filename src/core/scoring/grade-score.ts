import type { ScoringConfig } from "./config.ts";
import type { Grade } from "./types.ts";

/** The grade of a total score: from `warm` warm, from `hot` hot, below both cold. */
export function gradeScore(total: number, thresholds: ScoringConfig["thresholds"]): Grade {
  if (total >= thresholds.hot) return "hot";
  if (total >= thresholds.warm) return "warm";
  return "cold";
}
