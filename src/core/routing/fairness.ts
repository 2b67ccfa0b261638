// The fairness ledger: per pool and rep, how many leads count toward the rep's share and how
// many make-up leads the rep is owed.
//
// Choice of rep never reads `assigned` (rotation is by cursor, see strategies/round-robin.ts),
// so a rep back from leave with a low count is not flooded with catch-up leads; the count is
// there for reports and audits ("did rotation stay even?").
//
// Junk disputes, precisely: when a manager approves a junk dispute on a lead rep R received in
// pool P, row (P, R) gets `assigned - 1` (never below 0) and `credits + 1`. At the next routing
// decision in P where R is eligible, before the strategy runs, R gets that lead as a make-up:
// `credits - 1`, `assigned + 1`, and the cursor / weights are NOT moved. So R's regular turn
// still comes when it would have (it is not skipped or consumed by the make-up), and the
// others wait one lead, as they would have had the junk lead never counted.
import type { LedgerEntry } from "./types.ts";

export const emptyLedgerEntry = (): LedgerEntry => ({ assigned: 0, credits: 0, lastAssignedAt: null });

/** A manager approved a junk dispute: the lead stops counting and one make-up lead is owed. */
export function creditDispute(opts: { entry: LedgerEntry | undefined }): LedgerEntry {
  const e = opts.entry ?? emptyLedgerEntry();
  return { ...e, assigned: Math.max(0, e.assigned - 1), credits: e.credits + 1 };
}

/** A lead went to the rep (by routing or by claim); `credit` when it repays a make-up. */
export function recordAssignment(opts: {
  entry: LedgerEntry | undefined;
  at: Date;
  credit?: boolean;
}): LedgerEntry {
  const e = opts.entry ?? emptyLedgerEntry();
  return {
    assigned: e.assigned + 1,
    credits: opts.credit ? Math.max(0, e.credits - 1) : e.credits,
    lastAssignedAt: opts.at.toISOString(),
  };
}

/** The first eligible rep owed a make-up lead, in rotation order from `start`. */
export function findCredit(opts: {
  order: readonly string[];
  start: number;
  isEligible: (slackId: string) => boolean;
  rows: Readonly<Record<string, LedgerEntry>> | undefined;
}): string | null {
  const { order, start, isEligible, rows } = opts;
  if (!rows) return null;
  for (let i = 0; i < order.length; i++) {
    const slackId = order[(start + i) % order.length] as string;
    if ((rows[slackId]?.credits ?? 0) > 0 && isEligible(slackId)) return slackId;
  }
  return null;
}
