// Public entry point: scores one lead. Compiled scorers are cached per config object, so
// callers can pass the loaded rules every time and still pay for compilation once.
import { compileScoring, type Scorer } from "./compile-scoring.ts";
import type { ScoringConfig } from "./config.ts";
import type { ScoreInput, ScoreResult } from "./types.ts";

const scorers = new WeakMap<ScoringConfig, Scorer>();

/** The compiled scorer for a config (built on first use, then reused). */
export function scorerFor(config: ScoringConfig): Scorer {
  let scorer = scorers.get(config);
  if (!scorer) {
    scorer = compileScoring(config);
    scorers.set(config, scorer);
  }
  return scorer;
}

/**
 * Fit (lead attributes and qualification answers), engagement (events, decayed at `now`) and
 * their total, the grade, and a receipt line for every point. Pure and deterministic.
 */
export function scoreLead(options: ScoreInput & { config: ScoringConfig }): ScoreResult {
  return scorerFor(options.config).score(options);
}
