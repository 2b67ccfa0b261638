// Rounding of the report's figures: money and percentages to cents, durations to whole seconds.

/** Rounds money and percentages to cents; null stays null, and x ÷ 0 is null, never NaN. */
export function ratio(numerator: number | null, denominator: number | null, scale = 1): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return round2((numerator / denominator) * scale);
}

export function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** A duration to whole seconds; never negative (the statements clamp too), and NaN is null. */
export function wholeSeconds(n: number | null): number | null {
  if (n === null || !Number.isFinite(Number(n))) return null;
  return Math.max(0, Math.round(Number(n)));
}
