// After a refresh changed leads' scores: a score_receipt notice for each lead whose receipt is in
// Slack (or is being sent right now), unless one is already waiting to be rendered. The worker
// renders from the current data, so one waiting notice covers any number of changes: a rescore of
// many posted leads queues one edit per lead, not one per change. A lead posted before receipts
// existed gets none here: receipts are posted with the post, and "Why this score?" shows any lead's.
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { noticesQueued } from "./enqueue-notice.ts";

// A row already `sending` may have been rendered before this change committed: it does not count,
// so the change gets its own edit.
const queue = statement<{ id: string }, [at: string, leadIds: string[]]>(
  "queueReceiptUpdates",
  ["id"],
  `INSERT INTO "OutboxMessage" (kind, channel, "leadId", payload, "createdAt", "nextAttemptAt")
   SELECT 'score_receipt', NULL, l.id, jsonb_build_object('leadId', l.id, 'update', true), $1::timestamp, $1::timestamp
   FROM "Lead" l
   WHERE l.id = ANY($2::uuid[])
     AND (l."receiptTs" IS NOT NULL OR EXISTS (SELECT 1 FROM "OutboxMessage" s
       WHERE s.kind = 'score_receipt' AND s."leadId" = l.id AND s.status = 'sending'))
     AND NOT EXISTS (SELECT 1 FROM "OutboxMessage" o
       WHERE o.kind = 'score_receipt' AND o."leadId" = l.id AND o.status = 'pending')
   RETURNING id`,
);

export async function queueReceiptUpdates(tx: Tx, o: { leadIds: readonly string[] }): Promise<number> {
  if (o.leadIds.length === 0) return 0;
  const rows = await queue.run(tx, utcTimestamp(new Date()), [...o.leadIds]);
  if (rows.length > 0) noticesQueued();
  return rows.length;
}
