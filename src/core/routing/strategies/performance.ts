// Performance weighting: a rep's base weight times how their conversion rate compares with the
// team's. Rates are shrunk toward the team rate with `priorLeads` pseudo-leads, so a rep with
// one lucky conversion out of two leads is not treated as a 50% closer, and a new rep starts at
// the team average (factor 1). The factor is clamped so nobody is starved or flooded.
import type { RoutingConfig } from "../config.ts";
import type { RepStats } from "../types.ts";

/** One weight per id, in the same order. */
export function performanceWeights(opts: {
  ids: readonly string[];
  weights: readonly number[];
  stats: Readonly<Record<string, RepStats>>;
  config: RoutingConfig["performance"];
}): number[] {
  const { ids, weights, stats, config } = opts;
  let assigned = 0;
  let converted = 0;
  const rows = ids.map((id) => stats[id]);
  for (const s of rows) {
    if (s) {
      assigned += Math.max(0, s.assigned);
      converted += Math.max(0, Math.min(s.converted, s.assigned));
    }
  }
  const teamRate = assigned > 0 ? converted / assigned : 0;
  return rows.map((s, i) => {
    const base = weights[i] ?? 1;
    if (teamRate === 0) return base;
    const n = Math.max(0, s?.assigned ?? 0);
    const c = Math.max(0, Math.min(s?.converted ?? 0, n));
    const rate = (c + config.priorLeads * teamRate) / (n + config.priorLeads || 1);
    return base * Math.min(config.maxFactor, Math.max(config.minFactor, rate / teamRate));
  });
}
