// Where a lead's score receipt is in Slack, once it went out: later score changes edit that
// message (chat.update) instead of posting another.
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

const record = statement<Record<string, never>, [leadId: string, ts: string, threadTs: string]>(
  "recordReceiptPost",
  [],
  `UPDATE "Lead" SET "receiptTs" = $2, "receiptThreadTs" = $3 WHERE id = $1::uuid`,
);

export async function recordReceiptPost(
  db: Pick<Database, "sql">,
  o: { leadId: string; ts: string; threadTs: string },
): Promise<void> {
  await record.run(db, o.leadId, o.ts, o.threadTs);
}
