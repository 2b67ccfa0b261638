// The outbox worker's claim: due rows become `sending` with a lease, in one statement, so that
// several instances share the work and none takes a row another holds.
import type { OutboxMessage } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Row = Pick<OutboxMessage, "id" | "kind" | "channel" | "leadId" | "payload" | "attempts"> & {
  unknownSince: number | null;
  createdMs: number;
};

// Due: pending or sending rows whose time has come, and fresh rows (see claimDueNotices).
const DUE = `(
    (status IN ('pending', 'sending') AND "nextAttemptAt" <= $1::timestamp)
    OR (status = 'pending' AND attempts = 0 AND "nextAttemptAt" = "createdAt"))`;

const claim = statement<
  Row,
  [now: string, leaseUntil: string, leaseMs: number, hotLimit: number, limit: number, kinds: string[]]
>(
  "claimDueNotices",
  ["id", "kind", "channel", "leadId", "payload", "attempts", "unknownSince", "createdMs"],
  `WITH hot AS (
     SELECT id, status AS "prevStatus", "nextAttemptAt" AS "prevNext" FROM "OutboxMessage"
     WHERE kind = 'hot_lead_post' AND ${DUE}
     ORDER BY "nextAttemptAt", id
     LIMIT $4
     FOR UPDATE SKIP LOCKED
   ), rest AS (
     SELECT id, status AS "prevStatus", "nextAttemptAt" AS "prevNext" FROM "OutboxMessage"
     WHERE kind <> 'hot_lead_post' AND ${DUE}
     ORDER BY array_position($6::text[], kind), "nextAttemptAt", id
     LIMIT $5
     FOR UPDATE SKIP LOCKED
   ), due AS (SELECT * FROM hot UNION ALL SELECT * FROM rest)
   UPDATE "OutboxMessage" AS o
   SET status = 'sending', "nextAttemptAt" = $2::timestamp,
     result = CASE
       WHEN due."prevStatus" = 'sending' AND o.result -> 'unknownSince' IS NULL
       THEN jsonb_build_object('unknownSince', floor(extract(epoch FROM
         GREATEST(o."createdAt", due."prevNext" - $3::int * interval '1 millisecond')) * 1000))
       ELSE o.result END
   FROM due WHERE o.id = due.id
   RETURNING o.id, o.kind, o.channel, o."leadId"::text AS "leadId", o.payload, o.attempts,
     (o.result ->> 'unknownSince')::float8 AS "unknownSince",
     floor(extract(epoch FROM o."createdAt") * 1000)::float8 AS "createdMs"`,
);

export interface ClaimedNotice {
  id: bigint;
  kind: string;
  channel: string | null;
  leadId: string | null;
  payload: Record<string, unknown>;
  attempts: number;
  /** Since when (ms) a post of this row may be in Slack without the app knowing; null if never. */
  unknownSince: number | null;
  /** When it was queued (ms). */
  createdMs: number;
}

/**
 * Claims up to `limit` due rows for this instance in one statement, the most urgent kinds first
 * (`kindsByPriority`, from core/outbox/priority.ts; a kind not listed comes last), and up to
 * `hotLimit` due hot posts besides, leased until `now + leaseMs`; returned in id order. Hot posts are taken apart
 * from the rest: taken by age together, the thread replies queued behind their own posts
 * (deferred each second until the post is out) filled most of each pass, hot posts came one or
 * two per pass and went out one message per lead, a channel slot apart, and 100 hot leads took
 * two minutes after a restart (docs/reliability.md, finding 7); taken apart they go out together
 * and a flood of them cannot crowd out the other notices.
 *
 * `sending` rows whose lease ran out are due again (their instance stopped mid-send). A row
 * nobody has tried or deferred yet (nextAttemptAt still equal to createdAt, both the database's
 * now() at insert) is due at once: the database's clock and the app's may differ, and a fresh
 * notice must not wait on that. The timestamp columns hold UTC wall time, so instants are passed
 * as UTC text cast to `timestamp`, independent of the session time zone.
 *
 * A row taken back from `sending` may have been posted by the instance that died: the same
 * statement marks it `result.unknownSince` = when that attempt was claimed (its lease's end less
 * `leaseMs`, never before the row was created), keeping an earlier mark, so even a crash during
 * the lookup that follows leaves the mark in place. (EXTRACT(EPOCH) of a `timestamp` counts it as
 * UTC, which these columns hold.)
 */
export async function claimDueNotices(
  db: Tx,
  o: {
    now: Date;
    leaseMs: number;
    limit: number;
    hotLimit: number;
    /** Kinds most urgent first: the other rows are taken in this order, then by age. */
    kindsByPriority: readonly string[];
  },
): Promise<ClaimedNotice[]> {
  const leaseUntil = new Date(o.now.getTime() + o.leaseMs);
  const rows = await claim.run(
    db,
    utcTimestamp(o.now),
    utcTimestamp(leaseUntil),
    o.leaseMs,
    o.hotLimit,
    o.limit,
    [...o.kindsByPriority],
  );
  return rows
    .map((r) => ({
      // pg hands int8 back as text.
      id: BigInt(r.id),
      kind: r.kind,
      channel: r.channel,
      leadId: r.leadId,
      payload: r.payload as Record<string, unknown>,
      attempts: r.attempts,
      unknownSince: r.unknownSince === null ? null : Number(r.unknownSince),
      createdMs: Number(r.createdMs),
    }))
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
