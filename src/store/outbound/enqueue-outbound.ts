// Outbound events written beside the audit entries of the same change, in the same transaction.
import type { OutboundEvent } from "../../core/outbound/map-audit-entry.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const insertDeliveries = statement<
  Record<string, never>,
  [string, string[], string[], string[], (string | null)[], string[]]
>(
  "insertOutboundDeliveries",
  [],
  // One event id per change: the subscriptions of one change share it (numbered by `change`).
  `WITH e AS (
     SELECT * FROM unnest($2::text[], $3::text[], $4::text[], $5::uuid[], $6::jsonb[])
       WITH ORDINALITY AS e(change, subscription, type, lead, data, ord)
   ), ids AS (SELECT change, gen_random_uuid() AS id FROM e GROUP BY change)
   INSERT INTO "OutboundDelivery"
     ("eventId", subscription, type, "leadId", data, "occurredAt", "nextAttemptAt", "queuedAt")
   SELECT ids.id, e.subscription, e.type, e.lead, e.data, $1::timestamp, $1::timestamp, $1::timestamp
   FROM e JOIN ids USING (change)
   ORDER BY e.ord`,
);

/** `change` tells which events are one change (the same event id for every subscription). */
export async function enqueueOutbound(
  tx: Tx,
  events: readonly (OutboundEvent & { change: number })[],
  at: Date,
): Promise<void> {
  if (events.length === 0) return;
  const col = <T>(f: (e: (typeof events)[number]) => T) => events.map(f);
  await insertDeliveries.run(
    tx,
    utcTimestamp(at),
    col((e) => String(e.change)),
    col((e) => e.subscription),
    col((e) => e.type),
    col((e) => e.leadId),
    col((e) => JSON.stringify(e.data)),
  );
}
