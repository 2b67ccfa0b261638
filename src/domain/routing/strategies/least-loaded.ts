// Least-loaded: the eligible rep with the fewest open leads. Ties are broken in rotation order
// after the last pick (the round-robin cursor), so equal loads still take turns instead of
// always favouring the first rep in the file.
import type { PoolCursor } from "../types.ts";
import { advanceCursor, type Pick, rotationStart } from "./round-robin.ts";

export function pickLeastLoaded(opts: {
  order: readonly string[];
  isEligible: (slackId: string) => boolean;
  openCounts: Readonly<Record<string, number>>;
  cursor: PoolCursor | undefined;
}): Pick | null {
  const { order, isEligible, openCounts, cursor } = opts;
  const start = rotationStart(order, cursor);
  let best: string | null = null;
  let bestLoad = Number.POSITIVE_INFINITY;
  for (let i = 0; i < order.length; i++) {
    const slackId = order[(start + i) % order.length] as string;
    if (!isEligible(slackId)) continue;
    const load = openCounts[slackId] ?? 0;
    if (load < bestLoad) {
      bestLoad = load;
      best = slackId;
    }
  }
  return best === null ? null : { slackId: best, cursor: advanceCursor(order, cursor, best) };
}
