// Which notice goes first when several wait for one channel. A rep can claim a hot post, and a
// claim update tells the others it is taken: those are worth the most. Then the DMs that ask an
// owner to act, then alerts, and last the thread replies that only explain (routing notes,
// receipts). A less urgent message also leaves tokens in the channel's bucket for the classes
// above it, so a thread reply never takes the token a hot post arriving a moment later needs.

export const PRIORITY = { hot: 0, dm: 1, alert: 2, explain: 3 } as const;
export type Priority = (typeof PRIORITY)[keyof typeof PRIORITY];

const BY_KIND: Record<string, Priority> = {
  hot_lead_post: PRIORITY.hot,
  lead_post_update: PRIORITY.hot,
  assignment_dm: PRIORITY.dm,
  sla_nudge: PRIORITY.dm,
  reroute_dm: PRIORITY.dm,
  follow_up_dm: PRIORITY.dm,
  sla_breach: PRIORITY.alert,
  unassigned_alert: PRIORITY.alert,
  threshold_alert: PRIORITY.alert,
  crossing_summary: PRIORITY.alert,
  alerts_dropped: PRIORITY.alert,
  nurture_notice: PRIORITY.alert,
  dispute_opened: PRIORITY.alert,
  rep_paused: PRIORITY.alert,
  daily_digest: PRIORITY.alert,
  forget_rewrite: PRIORITY.alert,
  lead_thread: PRIORITY.explain,
  score_receipt: PRIORITY.explain,
};

/** A kind's class; an unknown kind is treated as an alert. */
export function priorityOf(kind: string): Priority {
  return BY_KIND[kind] ?? PRIORITY.alert;
}

/** The kinds, most urgent first: the order the outbox claims and sends them in. */
export function kindsByPriority(): string[] {
  return Object.keys(BY_KIND).sort((a, b) => priorityOf(a) - priorityOf(b));
}

/**
 * Tokens a message of this class leaves in its channel's bucket for the classes above: none for
 * hot posts, one (the next hot post's) for DMs and alerts, two for explanations, which therefore
 * go only from a full bucket of the default three and never leave a stream of hot posts waiting.
 */
export function reserveFor(priority: Priority): number {
  return priority === PRIORITY.hot ? 0 : priority === PRIORITY.explain ? 2 : 1;
}

/** Rows in sending order: by class, then as given (the claim's age order). Stable. */
export function byPriority<T extends { kind: string }>(rows: readonly T[]): T[] {
  return rows
    .map((row, i) => ({ row, i, p: priorityOf(row.kind) }))
    .sort((a, b) => a.p - b.p || a.i - b.i)
    .map((x) => x.row);
}
