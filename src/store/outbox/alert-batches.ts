// Statements behind alert batching (src/slack/outbox/send-alerts.ts): how many threshold alerts
// wait for a channel, taking all of them for one summary, and dropping stale ones with one count
// for the managers. A row's channel is its own, else the configured marketing channel.
import type { OutboxMessage } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Database, Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { enqueueNotice } from "./enqueue-notice.ts";

const waiting = statement<
  { waiting: number; recent: number; oldestMs: number | null },
  [channel: string, defaultChannel: string, claimed: string[], since: string]
>(
  "readWaitingAlerts",
  ["waiting", "recent", "oldestMs"],
  `SELECT count(*)::int AS waiting,
     (count(*) FILTER (WHERE "createdAt" > $4::timestamp))::int AS recent,
     floor(extract(epoch FROM min("createdAt")) * 1000)::float8 AS "oldestMs"
   FROM "OutboxMessage"
   WHERE kind = 'threshold_alert' AND COALESCE(channel, $2) = $1
     AND (status = 'pending' OR id = ANY($3::bigint[]))`,
);

/** The alerts waiting for `channel` (the claimed ones and those still queued). */
export async function readWaitingAlerts(
  db: Tx,
  o: { channel: string; defaultChannel: string; claimedIds: readonly bigint[]; since: Date },
): Promise<{ waiting: number; recent: number; oldestMs: number | null }> {
  const [row] = await waiting.run(
    db,
    o.channel,
    o.defaultChannel,
    o.claimedIds.map(String),
    utcTimestamp(o.since),
  );
  return {
    waiting: Number(row?.waiting ?? 0),
    recent: Number(row?.recent ?? 0),
    oldestMs: row?.oldestMs == null ? null : Number(row.oldestMs),
  };
}

type Claimed = Pick<OutboxMessage, "id" | "kind" | "channel" | "leadId" | "payload" | "attempts"> & {
  createdMs: number;
};

const claimRest = statement<
  Claimed,
  [channel: string, defaultChannel: string, leaseUntil: string, limit: number, exclude: string[]]
>(
  "claimChannelAlerts",
  ["id", "kind", "channel", "leadId", "payload", "attempts", "createdMs"],
  `UPDATE "OutboxMessage" AS o SET status = 'sending', "nextAttemptAt" = $3::timestamp
   FROM (SELECT id FROM "OutboxMessage"
         WHERE kind = 'threshold_alert' AND status = 'pending' AND COALESCE(channel, $2) = $1
           AND result -> 'unknownSince' IS NULL AND NOT (id = ANY($5::bigint[]))
         ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED) AS t
   WHERE o.id = t.id
   RETURNING o.id, o.kind, o.channel, o."leadId"::text AS "leadId", o.payload, o.attempts,
     floor(extract(epoch FROM o."createdAt") * 1000)::float8 AS "createdMs"`,
);

/**
 * Takes the channel's other queued alerts (not yet due, or not reached by the claim) for a
 * summary, leased like a claim. Rows whose earlier post may be in Slack are left to the claim,
 * which looks them up first.
 */
export async function claimChannelAlerts(
  db: Tx,
  o: { channel: string; defaultChannel: string; leaseUntil: Date; limit: number; exclude: readonly bigint[] },
) {
  if (o.limit <= 0) return [];
  const rows = await claimRest.run(
    db,
    o.channel,
    o.defaultChannel,
    utcTimestamp(o.leaseUntil),
    o.limit,
    o.exclude.map(String),
  );
  return rows.map((r) => ({
    id: BigInt(r.id),
    kind: r.kind,
    channel: r.channel,
    leadId: r.leadId,
    payload: r.payload as Record<string, unknown>,
    attempts: r.attempts,
    createdMs: Number(r.createdMs),
  }));
}

const skipStale = statement<{ id: string }, [ids: string[], cutoff: string, reason: string]>(
  "skipStaleAlerts",
  ["id"],
  `UPDATE "OutboxMessage" SET status = 'skipped', "lastError" = $3
   WHERE kind = 'threshold_alert'
     AND ((id = ANY($1::bigint[]) AND status IN ('pending', 'sending'))
       OR (status = 'pending' AND "createdAt" < $2::timestamp))
   RETURNING id::text AS id`,
);

const addToDropped = statement<{ id: string }, [count: number]>(
  "addToDroppedAlerts",
  ["id"],
  `UPDATE "OutboxMessage" SET payload = jsonb_set(payload, '{count}',
     to_jsonb(COALESCE((payload ->> 'count')::int, 0) + $1::int))
   WHERE id = (SELECT id FROM "OutboxMessage" WHERE kind = 'alerts_dropped' AND status = 'pending'
               ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
   RETURNING id::text AS id`,
);

/**
 * Drops the given alerts (claimed by this instance) and every other queued alert older than
 * `cutoff` as skipped, and counts them in the managers' `alerts_dropped` notice: the one still
 * waiting to go, if any, else a new one. One transaction: a crash drops and counts, or neither.
 * Returns how many were dropped.
 */
export async function dropStaleAlerts(
  db: Pick<Database, "transaction">,
  o: { ids: readonly bigint[]; cutoff: Date; reason: string; staleAfterMinutes: number },
): Promise<number> {
  return db.transaction(async (tx) => {
    const dropped = await skipStale.run(tx, o.ids.map(String), utcTimestamp(o.cutoff), o.reason);
    if (dropped.length === 0) return 0;
    const [added] = await addToDropped.run(tx, dropped.length);
    if (!added)
      await enqueueNotice(tx, {
        kind: "alerts_dropped",
        payload: { count: dropped.length, staleAfterMinutes: o.staleAfterMinutes },
      });
    return dropped.length;
  });
}
