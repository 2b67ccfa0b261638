import type { Decay } from "./config.ts";

const DAY_MS = 86_400_000;

/**
 * What `points` earned `ageMs` ago are worth now. Ages below zero (an event stamped slightly in
 * the future by the sender's clock) count as zero, so a value never exceeds the rule's points.
 */
export function decayPoints(points: number, decay: Decay, ageMs: number): number {
  const ageDays = ageMs > 0 ? ageMs / DAY_MS : 0;
  switch (decay.kind) {
    case "none":
      return points;
    case "halfLife":
      return points * 0.5 ** (ageDays / decay.days);
    case "linear":
      return ageDays >= decay.days ? 0 : points * (1 - ageDays / decay.days);
    case "window":
      return ageDays <= decay.days ? points : 0;
  }
}
