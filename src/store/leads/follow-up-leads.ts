// The follow-up job's view of sales-qualified leads (keyset pages by id, so memory stays bounded
// however many there are), and its reminder mark: a conditional update on the value it read, so
// two runs or two instances remind once.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type FollowUpLeadRow = Pick<
  Lead,
  | "id"
  | "stage"
  | "ownerSlackId"
  | "lastActivityAt"
  | "sqlAt"
  | "assignedAt"
  | "claimedAt"
  | "firstResponseAt"
  | "contactedAt"
  | "lastReminderAt"
>;

const page = statement<FollowUpLeadRow, [string | null, number]>(
  "selectFollowUpLeads",
  [
    "id",
    "stage",
    "ownerSlackId",
    "lastActivityAt",
    "sqlAt",
    "assignedAt",
    "claimedAt",
    "firstResponseAt",
    "contactedAt",
    "lastReminderAt",
  ],
  `SELECT id, stage, "ownerSlackId", "lastActivityAt", "sqlAt", "assignedAt", "claimedAt", "firstResponseAt",
     "contactedAt", "lastReminderAt"
   FROM "Lead"
   WHERE stage = 'sql' AND "lostAt" IS NULL AND "forgottenAt" IS NULL AND ($1::uuid IS NULL OR id > $1::uuid)
   ORDER BY id ASC
   LIMIT $2`,
);

/** Open sales-qualified leads with an id after `after` (from the start when null), by id. */
export async function listFollowUpLeads(
  tx: Tx,
  o: { after: string | null; limit: number },
): Promise<FollowUpLeadRow[]> {
  return page.run(tx, o.after, o.limit);
}

const remind = statement<Pick<Lead, "id">, [string, string | null, string]>(
  "markLeadReminded",
  ["id"],
  `UPDATE "Lead" SET "lastReminderAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid AND stage = 'sql' AND "lastReminderAt" IS NOT DISTINCT FROM $2::timestamp
   RETURNING id`,
);

/** True when the lead was still sql and nobody reminded since `seen` was read. */
export async function markLeadReminded(
  tx: Tx,
  o: { leadId: string; seen: Date | null; at: Date },
): Promise<boolean> {
  const won = await remind.run(tx, o.leadId, o.seen ? utcTimestamp(o.seen) : null, utcTimestamp(o.at));
  return won.length > 0;
}
