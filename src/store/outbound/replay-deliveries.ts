// `leadops outbound replay --since`: finished rows (delivered, dead, skipped) from that time on are
// queued again with the same event ids, so receivers that dedupe on `id` see each once.
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const requeue = statement<{ seq: number }, [since: string, now: string, subscription: string | null]>(
  "replayOutboundDeliveries",
  ["seq"],
  `UPDATE "OutboundDelivery" SET status = 'pending', attempts = 0, "nextAttemptAt" = $2::timestamp,
     "queuedAt" = $2::timestamp, "lastError" = NULL, "deliveredAt" = NULL
   WHERE "occurredAt" >= $1::timestamp AND status IN ('delivered', 'dead', 'skipped')
     AND ($3::text IS NULL OR subscription = $3::text)
   RETURNING seq`,
);

/** How many rows were queued again. */
export async function replayDeliveries(
  tx: Tx,
  input: { since: Date; now: Date; subscription?: string | undefined },
): Promise<number> {
  const rows = await requeue.run(
    tx,
    utcTimestamp(input.since),
    utcTimestamp(input.now),
    input.subscription ?? null,
  );
  return rows.length;
}
