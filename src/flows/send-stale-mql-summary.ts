// The weekly stale-MQL summary for marketing: once per ISO week (UTC). The week is recorded in
// AppState only after `post` (the transport's Slack upload) succeeded, so a Slack outage makes the
// next run try again, and a week already recorded is never posted twice. The job runs under its
// advisory lock, so two instances never post at the same time (docs/decisions/0018-*).
import { isoWeekOf, type StaleMqlList } from "../core/marketing/stale-mqls.ts";
import { readAppState, writeAppState } from "../store/app-state/app-state.ts";
import type { Database } from "../store/db.ts";
import { listStaleMqls } from "./list-stale-mqls.ts";

export const STALE_MQL_WEEK_KEY = "staleMql.lastPostedWeek";

export type StaleMqlSummaryResult =
  | { status: "posted"; week: string; leads: number }
  | { status: "empty"; week: string }
  | { status: "already-posted"; week: string };

export async function sendStaleMqlSummary(o: {
  db: Pick<Database, "transaction">;
  staleDays: number;
  now: Date;
  /** Posts the summary (one message, CSV attached); throws when Slack did not take it. */
  post: (list: StaleMqlList, week: string) => Promise<void>;
}): Promise<StaleMqlSummaryResult> {
  const week = isoWeekOf(o.now);
  const last = await o.db.transaction((tx) => readAppState(tx, STALE_MQL_WEEK_KEY));
  if (last === week) return { status: "already-posted", week };
  const list = await listStaleMqls({ db: o.db, staleDays: o.staleDays, now: o.now });
  // An empty week is recorded without a message: nothing to act on is not worth a ping.
  if (list.leads.length > 0) await o.post(list, week);
  await o.db.transaction((tx) => writeAppState(tx, { key: STALE_MQL_WEEK_KEY, value: week, at: o.now }));
  return list.leads.length > 0
    ? { status: "posted", week, leads: list.leads.length }
    : { status: "empty", week };
}
