// The delivery worker's claim: due rows become `sending` with a lease, in one statement, so several
// instances share the work. A lead's row waits while an earlier row of the same lead and
// subscription is still pending or sending: receivers see a lead's events in order.
import type { OutboundDelivery } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type ClaimedDelivery = Pick<
  OutboundDelivery,
  "seq" | "eventId" | "subscription" | "type" | "leadId" | "data" | "occurredAt" | "attempts" | "queuedAt"
>;

const claim = statement<ClaimedDelivery, [now: string, leaseUntil: string, limit: number]>(
  "claimOutboundDeliveries",
  ["seq", "eventId", "subscription", "type", "leadId", "data", "occurredAt", "attempts", "queuedAt"],
  // `sending` rows whose lease ran out are due again: their instance stopped mid-delivery.
  `WITH due AS (
     SELECT d.seq FROM "OutboundDelivery" d
     WHERE d.status IN ('pending', 'sending') AND d."nextAttemptAt" <= $1::timestamp
       AND NOT EXISTS (
         SELECT 1 FROM "OutboundDelivery" e
         WHERE e."leadId" = d."leadId" AND e.subscription = d.subscription AND e.seq < d.seq
           AND e.status IN ('pending', 'sending'))
     ORDER BY d.seq
     LIMIT $3
     FOR UPDATE SKIP LOCKED
   )
   UPDATE "OutboundDelivery" AS o SET status = 'sending', "nextAttemptAt" = $2::timestamp
   FROM due WHERE o.seq = due.seq
   RETURNING o.seq, o."eventId"::text AS "eventId", o.subscription, o.type, o."leadId"::text AS "leadId",
     o.data, o."occurredAt", o.attempts, o."queuedAt"`,
);

/** Up to `limit` due rows, leased until `now + leaseMs`, in `seq` order. */
export async function claimDeliveries(
  tx: Tx,
  input: { now: Date; leaseMs: number; limit: number },
): Promise<ClaimedDelivery[]> {
  const rows = await claim.run(
    tx,
    utcTimestamp(input.now),
    utcTimestamp(new Date(input.now.getTime() + input.leaseMs)),
    input.limit,
  );
  return rows.sort((a, b) => a.seq - b.seq);
}
