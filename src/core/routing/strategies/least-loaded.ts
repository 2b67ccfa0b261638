// Least-loaded: the eligible rep with the fewest open leads. Ties are broken in rotation order
// after the last pick (the round-robin cursor), so equal loads still take turns instead of
// always favouring the first rep in the file.
//
// Load is current open leads, not lifetime totals, so history (leave, holidays) does not count.
// A rep back from leave whose leads were handed over does have fewer open leads, and levelling
// that is the point of this strategy; to keep it from becoming a burst, the rep picked last is
// not picked again while another eligible rep exists: at most every other lead while catching up.
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
  const last = cursor?.state.last;
  let best: string | null = null;
  let bestLoad = Number.POSITIVE_INFINITY;
  // `last` is only a candidate when nobody else is eligible.
  let lastEligible = false;
  for (let i = 0; i < order.length; i++) {
    const slackId = order[(start + i) % order.length] as string;
    if (!isEligible(slackId)) continue;
    if (slackId === last) {
      lastEligible = true;
      continue;
    }
    const load = openCounts[slackId] ?? 0;
    if (load < bestLoad) {
      bestLoad = load;
      best = slackId;
    }
  }
  if (best === null && lastEligible && last !== undefined) best = last;
  return best === null ? null : { slackId: best, cursor: advanceCursor(order, cursor, best) };
}
