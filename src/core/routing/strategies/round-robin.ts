// Strict round robin in a persistent order (the order of `reps` in leadops.yml). The cursor
// remembers WHO was picked last, not only an index, so adding or removing a rep elsewhere in the
// list does not make the rotation jump; `position` (the index of that rep) is only used when
// the rep has left the pool, to resume at the rep who followed them.
//
// Why rotation by cursor and not "fewest total leads": a rep back from two weeks of leave
// would be the "fewest" for days and get every lead (flooding), while everyone else waited.
// With a cursor, a rep who was away is simply skipped while away and, once back, gets their
// next turn in the rotation like everybody else: no catch-up, no penalty.
import type { PoolCursor } from "../types.ts";

export interface Pick {
  slackId: string;
  cursor: PoolCursor;
}

/** The index in `order` where the rotation resumes. */
export function rotationStart(order: readonly string[], cursor: PoolCursor | undefined): number {
  if (order.length === 0 || !cursor) return 0;
  const last = cursor.state.last;
  if (last !== undefined) {
    const at = order.indexOf(last);
    if (at >= 0) return (at + 1) % order.length;
    // The last rep left the pool: the rep who followed them now sits at their old index.
    return (((cursor.position % order.length) + order.length) % order.length) | 0;
  }
  return 0;
}

/** The cursor after picking `slackId`, keeping the other strategies' state. */
export function advanceCursor(
  order: readonly string[],
  cursor: PoolCursor | undefined,
  slackId: string,
): PoolCursor {
  return { position: order.indexOf(slackId), state: { ...(cursor?.state ?? {}), last: slackId } };
}

export function pickRoundRobin(opts: {
  order: readonly string[];
  isEligible: (slackId: string) => boolean;
  cursor: PoolCursor | undefined;
}): Pick | null {
  const { order, isEligible, cursor } = opts;
  const start = rotationStart(order, cursor);
  for (let i = 0; i < order.length; i++) {
    const slackId = order[(start + i) % order.length] as string;
    if (isEligible(slackId)) return { slackId, cursor: advanceCursor(order, cursor, slackId) };
  }
  return null;
}
