// Rotation fairness: how evenly the period's assignments were spread over the reps.
import { round2 } from "./round.ts";
import type { Fairness } from "./types.ts";

/** Min, max, spread, mean and coefficient of variation of the assignment counts per rep. */
export function fairness(assignments: readonly number[]): Fairness {
  if (assignments.length === 0) {
    return { reps: 0, min: null, max: null, spread: null, mean: null, coefficientOfVariation: null };
  }
  const min = Math.min(...assignments);
  const max = Math.max(...assignments);
  const mean = assignments.reduce((a, b) => a + b, 0) / assignments.length;
  const variance = assignments.reduce((a, b) => a + (b - mean) ** 2, 0) / assignments.length;
  return {
    reps: assignments.length,
    min,
    max,
    spread: max - min,
    mean: round2(mean),
    coefficientOfVariation: mean === 0 ? null : round2(Math.sqrt(variance) / mean),
  };
}
