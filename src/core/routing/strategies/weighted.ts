// Smooth weighted round robin, as nginx does it: every eligible rep's current weight grows by
// its weight, the largest is picked and loses the total. Over a cycle of sum(weights) picks
// each rep gets exactly its weight (integer weights), spread out rather than in bursts.
//
// Ineligible reps are left out of the round entirely (their current weight is frozen, not
// grown), so a rep back from leave resumes with the bounded credit they had when they left,
// instead of an ever-growing one that would flood them with catch-up leads.
//
// The current weights are stored as two parallel arrays (ids, values) rather than an object
// keyed by rep: with hundreds of reps, building a keyed object per decision costs more than the
// whole rest of the decision, while arrays are cheap and stay JSON.

export interface WeightedState {
  ids: string[];
  current: number[];
}

/** The stored current weights, aligned with `ids` (reps new to the pool start at 0). */
function align(ids: readonly string[], stored: WeightedState | undefined): number[] {
  if (!stored || !Array.isArray(stored.ids) || !Array.isArray(stored.current)) return ids.map(() => 0);
  const same = stored.ids.length === ids.length && stored.ids.every((id, i) => id === ids[i]);
  if (same) return stored.current.map((v) => (Number.isFinite(v) ? v : 0));
  const byId = new Map<string, number>();
  stored.ids.forEach((id, i) => {
    byId.set(id, stored.current[i] ?? 0);
  });
  // Reps who left the pool drop out; their (bounded) weight goes with them.
  return ids.map((id) => byId.get(id) ?? 0);
}

export function pickWeighted(opts: {
  ids: readonly string[];
  weights: readonly number[];
  isEligible: (slackId: string) => boolean;
  state: WeightedState | undefined;
}): { slackId: string; state: WeightedState } | null {
  const { ids, weights, isEligible } = opts;
  const current = align(ids, opts.state);
  let total = 0;
  let best = -1;
  let bestWeight = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < ids.length; i++) {
    const weight = weights[i] ?? 0;
    if (!(weight > 0) || !isEligible(ids[i] as string)) continue;
    const cw = (current[i] ?? 0) + weight;
    current[i] = cw;
    total += weight;
    if (cw > bestWeight) {
      bestWeight = cw;
      best = i;
    }
  }
  if (best < 0) return null;
  current[best] = (current[best] ?? 0) - total;
  return { slackId: ids[best] as string, state: { ids: [...ids], current } };
}
