// Finished outbound rows are kept a while for `outbound replay`, then deleted so the outbox and
// its claim stay small.
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const purge = statement<{ seq: number }, [finishedBefore: string, deadBefore: string]>(
  "purgeOutboundDeliveries",
  ["seq"],
  `DELETE FROM "OutboundDelivery"
   WHERE (status IN ('delivered', 'skipped') AND "occurredAt" < $1::timestamp)
      OR (status = 'dead' AND "occurredAt" < $2::timestamp)
   RETURNING seq`,
);

export async function purgeOutboundDeliveries(
  tx: Tx,
  input: { finishedBefore: Date; deadBefore: Date },
): Promise<number> {
  return (await purge.run(tx, utcTimestamp(input.finishedBefore), utcTimestamp(input.deadBefore))).length;
}
