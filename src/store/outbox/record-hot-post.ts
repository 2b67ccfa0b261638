// A hot-lead post that is in the channel: its leads point at it (later updates and thread replies
// find it there) and its outbox rows are sent, in one transaction.
import type { Lead, OutboxMessage } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";
import { markNoticesSent, type NoticeResult } from "./settle-notice.ts";

const pointLeads = statement<
  Record<string, never>,
  [leadIds: string[], channel: string, ts: string, postedAt: string, at: string]
>(
  "pointLeadsAtPost",
  [],
  `UPDATE "Lead" SET "slackChannel" = $2, "slackTs" = $3, "postedAt" = $4::timestamp, "updatedAt" = $5::timestamp
   WHERE id = ANY($1::uuid[])`,
);

export async function recordHotPost(
  db: Pick<Database, "transaction">,
  o: {
    rowIds: readonly OutboxMessage["id"][];
    leadIds: readonly Lead["id"][];
    channel: string;
    ts: string;
    /** When the message went out (a post found in Slack: its ts). */
    postedAt: Date;
    /** This pass's instant. */
    at: Date;
    result: NoticeResult;
  },
): Promise<void> {
  await db.transaction(async (tx) => {
    await pointLeads.run(tx, [...o.leadIds], o.channel, o.ts, utcTimestamp(o.postedAt), utcTimestamp(o.at));
    await markNoticesSent(tx, { ids: o.rowIds, at: o.at, result: o.result });
  });
}
