// Domain code never calls Slack. It records a *notice* (what happened, with ids) in the outbox,
// in the same transaction as the change; the Slack outbox worker renders it with the current
// data and delivers it, respecting Slack's limits, retrying, and surviving restarts.

import type { Prisma } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type NoticeKind =
  /** A hot lead for the hot channel, with Claim. payload: { leadId } */
  | "hot_lead_post"
  /** Update the hot-lead post in place (claimed, released, closed). payload: { leadId } */
  | "lead_post_update"
  /** A reply in the lead's thread (assignment reasons, routing, qualification summary). payload: { leadId, topic } */
  | "lead_thread"
  /**
   * The score receipt in the lead's thread: posted once per post, then edited in place when the
   * score changes (Lead.receiptTs). payload: { leadId }
   */
  | "score_receipt"
  /** DM to the owner: new assignment. payload: { leadId, assignmentId } */
  | "assignment_dm"
  /** DM to the owner: respond soon. payload: { leadId, assignmentId, minutesLeft } */
  | "sla_nudge"
  /** DM to the old owner: lead re-routed. payload: { leadId, fromSlackId, toSlackId } */
  | "reroute_dm"
  /** Managers' channel: SLA breached. payload: { leadId, assignmentId } */
  | "sla_breach"
  /** DM to the owner: follow up. payload: { leadId, reason } */
  | "follow_up_dm"
  /** Marketing channel: a lead crossed a threshold. payload: { leadId, field, from, to, reason } */
  | "threshold_alert"
  /** Marketing channel: a bulk run's crossings, counted (rescore, import). payload: { source, counts, leads, sample } */
  | "crossing_summary"
  /** Managers' channel: alerts dropped as stale (an outage). payload: { count, staleAfterMinutes } */
  | "alerts_dropped"
  /** Marketing channel: a rep sent a lead back to nurture. payload: { leadId, reason, by } */
  | "nurture_notice"
  /** Managers' channel: the daily digest. payload: the digest figures */
  | "daily_digest"
  /** Fallback when nobody is eligible: payload: { leadId, reason } */
  | "unassigned_alert"
  /** Managers' channel: a rep disputed a lead as junk. payload: { leadId, disputeId, repSlackId, reason } */
  | "dispute_opened"
  /** Managers' channel: a rep was auto-paused. payload: { repSlackId, trigger, count, reason } */
  | "rep_paused"
  /** Rewrite a message already sent about a lead that was forgotten. payload: { channel, ts } */
  | "forget_rewrite";

export interface Notice {
  kind: NoticeKind;
  /** A channel id or user id; null means "the configured channel for this kind". */
  channel?: string | null;
  leadId?: string | null;
  payload: Prisma.InputJsonObject;
  /** The same key twice is stored once (e.g. `hot:<leadId>:<n>`), so a retried request notifies once. */
  dedupeKey?: string;
}

type Listener = () => void;
const listeners = new Set<Listener>();

/**
 * Calls `fn` whenever notices are written (in this process), so the outbox worker can look for
 * them at once instead of at its next poll: half a second of polling was half the hot post's
 * latency. The transaction has not committed yet when it is called. Returns an unsubscribe.
 */
export function onNoticesQueued(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

const insertNotices = statement<
  Record<string, never>,
  [string, string[], (string | null)[], (string | null)[], string[], (string | null)[]]
>(
  "enqueueNotices",
  [],
  `INSERT INTO "OutboxMessage" (kind, channel, "leadId", payload, "dedupeKey", "createdAt", "nextAttemptAt")
   SELECT n.kind, n.channel, n.lead, n.payload, n.key, $1::timestamp, $1::timestamp
   FROM unnest($2::text[], $3::text[], $4::uuid[], $5::jsonb[], $6::text[]) AS n(kind, channel, lead, payload, key)
   ON CONFLICT ("dedupeKey") DO NOTHING`,
);

export async function enqueueNotice(tx: Tx, notice: Notice): Promise<void> {
  await enqueueNotices(tx, [notice]);
}

/** Several notices in one statement (a batch of leads crossing thresholds). */
export async function enqueueNotices(tx: Tx, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  // One statement (docs/decisions/0003: a notice is written on most webhooks). ON CONFLICT DO NOTHING keeps a repeated
  // dedupe key from aborting the surrounding transaction. createdAt and nextAttemptAt are the
  // same instant: the outbox worker treats such a row as fresh and due at once.
  const at = utcTimestamp(new Date());
  const col = <T>(f: (n: Notice) => T) => notices.map(f);
  await insertNotices.run(
    tx,
    at,
    col((n) => n.kind),
    col((n) => n.channel ?? null),
    col((n) => n.leadId ?? null),
    col((n) => JSON.stringify(n.payload)),
    col((n) => n.dedupeKey ?? null),
  );
  noticesQueued();
}

/** Tells the outbox loop that notices were written (for statements that insert them themselves). */
export function noticesQueued(): void {
  for (const fn of listeners) fn();
}
