// Performance weighting: a rep's base weight times how their conversion rate compares with the
// team's. Rates are shrunk toward the team rate with `priorLeads` pseudo-leads, so a rep with
// one lucky conversion out of two leads is not treated as a 50% closer, and a new rep starts at
// the team average (factor 1). The factor is clamped so nobody is starved or flooded.
import type { RoutingConfig } from "../config.ts";
import type { RepStats } from "../types.ts";

export function performanceWeights(opts: {
  reps: readonly { slackId: string; weight: number }[];
  stats: Readonly<Record<string, RepStats>>;
  config: RoutingConfig["performance"];
}): { slackId: string; weight: number; factor: number }[] {
  const { reps, stats, config } = opts;
  let assigned = 0;
  let converted = 0;
  for (const r of reps) {
    const s = stats[r.slackId];
    if (s) {
      assigned += Math.max(0, s.assigned);
      converted += Math.max(0, Math.min(s.converted, s.assigned));
    }
  }
  const teamRate = assigned > 0 ? converted / assigned : 0;
  return reps.map((r) => {
    const s = stats[r.slackId];
    let factor = 1;
    if (teamRate > 0) {
      const n = Math.max(0, s?.assigned ?? 0);
      const c = Math.max(0, Math.min(s?.converted ?? 0, n));
      const rate = (c + config.priorLeads * teamRate) / (n + config.priorLeads || 1);
      factor = Math.min(config.maxFactor, Math.max(config.minFactor, rate / teamRate));
    }
    return { slackId: r.slackId, weight: r.weight * factor, factor };
  });
}
