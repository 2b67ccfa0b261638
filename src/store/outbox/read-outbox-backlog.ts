// The outbox's backlog for /metrics: rows waiting to go to Slack and how long the oldest has waited.
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

export interface OutboxBacklogRow {
  pending: number;
  oldestCreatedAt: Date | null;
}

// "sending" rows count too: a row stuck there (a dead worker's lease) is still undelivered.
const backlog = statement<OutboxBacklogRow, []>(
  "outboxBacklog",
  ["pending", "oldestCreatedAt"],
  `
SELECT count(*)::int AS pending, min("createdAt") AS "oldestCreatedAt"
FROM "OutboxMessage"
WHERE status IN ('pending', 'sending')`,
);

export async function readOutboxBacklog(db: Pick<Database, "sql">): Promise<OutboxBacklogRow> {
  const [row] = await backlog.run(db);
  return { pending: row?.pending ?? 0, oldestCreatedAt: row?.oldestCreatedAt ?? null };
}
