// The Slack messages already sent about a lead, as the outbox recorded them (`result.channel`,
// `result.ts` of every sent row: its hot post, thread replies, DMs, channel alerts) plus the post
// the lead points at. Forgetting the lead rewrites each of them (flows/forget-lead.ts).
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const list = statement<{ channel: string; ts: string }, [string]>(
  "listLeadSlackMessages",
  ["channel", "ts"],
  `SELECT DISTINCT channel, ts FROM (
     SELECT result->>'channel' AS channel, result->>'ts' AS ts FROM "OutboxMessage"
     WHERE "leadId" = $1::uuid AND status = 'sent'
     UNION
     SELECT "slackChannel", "slackTs" FROM "Lead" WHERE id = $1::uuid
   ) m
   WHERE channel IS NOT NULL AND channel <> '' AND ts IS NOT NULL AND ts <> ''
   ORDER BY channel, ts`,
);

export async function listLeadSlackMessages(
  tx: Tx,
  leadId: string,
): Promise<{ channel: string; ts: string }[]> {
  return list.run(tx, leadId);
}
