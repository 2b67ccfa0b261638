// What became of a claimed outbox row after one try: sent, failed, skipped, rescheduled (a try
// that counts) or deferred (back in the queue, never tried). Each is one statement and needs no
// transaction of its own: a row is held by the instance that claimed it, so nobody else writes it
// meanwhile.
import type { OutboxMessage } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Id = OutboxMessage["id"];
/** The `result` a row keeps: where its message is, or when its outcome became unknown. */
export type NoticeResult = Record<string, string | number | boolean | null | readonly string[]>;

// The outbox's ids are int8; passed as text so pg and PGlite take them alike.
const ids = (list: readonly Id[]) => list.map(String);

const sent = statement<Record<string, never>, [ids: string[], at: string, result: string]>(
  "markNoticesSent",
  [],
  `UPDATE "OutboxMessage"
   SET status = 'sent', "sentAt" = $2::timestamp, attempts = attempts + 1, "lastError" = NULL, result = $3::jsonb
   WHERE id = ANY($1::bigint[])`,
);

/** The rows went out (or were found in Slack) at `at`; `result` says where. */
export async function markNoticesSent(
  db: Tx,
  o: { ids: readonly Id[]; at: Date; result: NoticeResult },
): Promise<void> {
  await sent.run(db, ids(o.ids), utcTimestamp(o.at), JSON.stringify(o.result));
}

const failed = statement<Record<string, never>, [id: string, error: string]>(
  "markNoticeFailed",
  [],
  `UPDATE "OutboxMessage" SET status = 'failed', attempts = attempts + 1, "lastError" = $2 WHERE id = $1::bigint`,
);

/** No retry will deliver it: failed, with the error for a human to see. */
export async function markNoticeFailed(db: Tx, o: { id: Id; error: string }): Promise<void> {
  await failed.run(db, String(o.id), o.error.slice(0, 1000));
}

const skipped = statement<Record<string, never>, [id: string, reason: string]>(
  "markNoticeSkipped",
  [],
  `UPDATE "OutboxMessage" SET status = 'skipped', "lastError" = $2 WHERE id = $1::bigint`,
);

/** Nothing left to deliver (the lead is gone, there is no post to update …). */
export async function markNoticeSkipped(db: Tx, o: { id: Id; reason: string }): Promise<void> {
  await skipped.run(db, String(o.id), o.reason.slice(0, 1000));
}

const reschedule = statement<
  Record<string, never>,
  [id: string, at: string, reason: string, result: string | null]
>(
  "rescheduleNotice",
  [],
  `UPDATE "OutboxMessage"
   SET status = 'pending', "nextAttemptAt" = $2::timestamp, "lastError" = $3, attempts = attempts + 1,
     result = COALESCE($4::jsonb, result)
   WHERE id = $1::bigint`,
);

/** A try that failed and counts: due again at `at`; `result`, when given, replaces the row's. */
export async function rescheduleNotice(
  db: Tx,
  o: { id: Id; at: Date; reason: string; result?: NoticeResult | undefined },
): Promise<void> {
  const result = o.result ? JSON.stringify(o.result) : null;
  await reschedule.run(db, String(o.id), utcTimestamp(o.at), o.reason.slice(0, 1000), result);
}

const defer = statement<Record<string, never>, [id: string, at: string, reason: string | null]>(
  "deferNotice",
  [],
  `UPDATE "OutboxMessage"
   SET status = 'pending', "nextAttemptAt" = $2::timestamp, "lastError" = COALESCE($3, "lastError")
   WHERE id = $1::bigint`,
);

/** Back in the queue until `at` without counting a try: it was never tried. */
export async function deferNotice(
  db: Tx,
  o: { id: Id; at: Date; reason?: string | undefined },
): Promise<void> {
  await defer.run(db, String(o.id), utcTimestamp(o.at), o.reason || null);
}

const deferMany = statement<Record<string, never>, [ids: string[], ats: string[]]>(
  "deferNotices",
  [],
  `UPDATE "OutboxMessage" AS o SET status = 'pending', "nextAttemptAt" = d.at
   FROM unnest($1::bigint[], $2::timestamp[]) AS d(id, at)
   WHERE o.id = d.id`,
);

/** Several rows back in the queue, each until its own instant, in one statement. */
export async function deferNotices(db: Tx, rows: readonly { id: Id; at: Date }[]): Promise<void> {
  if (rows.length === 0) return;
  await deferMany.run(
    db,
    rows.map((r) => String(r.id)),
    rows.map((r) => utcTimestamp(r.at)),
  );
}

const clearResult = statement<Record<string, never>, [ids: string[]]>(
  "clearNoticeResults",
  [],
  `UPDATE "OutboxMessage" SET result = NULL WHERE id = ANY($1::bigint[])`,
);

/** Forgets the rows' `result` (an unknown-outcome mark that a lookup has settled). */
export async function clearNoticeResults(db: Tx, list: readonly Id[]): Promise<void> {
  await clearResult.run(db, ids(list));
}
