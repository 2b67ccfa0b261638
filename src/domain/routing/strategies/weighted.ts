// Smooth weighted round robin, as nginx does it: every eligible rep's current weight grows by
// its weight, the largest is picked and loses the total. Over a cycle of sum(weights) picks
// each rep gets exactly its weight (integer weights), spread out rather than in bursts.
//
// Ineligible reps are left out of the round entirely (their current weight is frozen, not
// grown), so a rep back from leave resumes with the bounded credit they had when they left,
// instead of an ever-growing one that would flood them with catch-up leads.

export function pickWeighted(opts: {
  order: readonly { slackId: string; weight: number }[];
  isEligible: (slackId: string) => boolean;
  current: Readonly<Record<string, number>> | undefined;
}): { slackId: string; current: Record<string, number> } | null {
  const next: Record<string, number> = {};
  let total = 0;
  let best: string | null = null;
  let bestWeight = Number.NEGATIVE_INFINITY;
  for (const { slackId, weight } of opts.order) {
    // State for reps no longer in the pool is dropped by only copying members.
    let cw = opts.current?.[slackId] ?? 0;
    if (weight > 0 && opts.isEligible(slackId)) {
      cw += weight;
      total += weight;
      if (cw > bestWeight) {
        bestWeight = cw;
        best = slackId;
      }
    }
    next[slackId] = cw;
  }
  if (best === null) return null;
  next[best] = (next[best] ?? 0) - total;
  return { slackId: best, current: next };
}
