// Whether the lead's hot post is still in the outbox (pending or being sent): its thread replies
// and in-place updates wait for it rather than give up.
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

const queued = statement<{ queued: boolean }, [string]>(
  "isLeadPostQueued",
  ["queued"],
  `SELECT EXISTS (SELECT 1 FROM "OutboxMessage"
     WHERE kind = 'hot_lead_post' AND "leadId" = $1::uuid AND status IN ('pending', 'sending')) AS queued`,
);

export async function isLeadPostQueued(opts: {
  db: Pick<Database, "sql">;
  leadId: string;
}): Promise<boolean> {
  const [row] = await queued.run(opts.db, opts.leadId);
  return row?.queued ?? false;
}
