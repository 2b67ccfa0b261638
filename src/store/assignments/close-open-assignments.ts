// The lead's open assignment ends when the lead leaves the rep (nurture, recycle, reopen): its
// end time and why, for the report and the SLA scan (which only looks at open ones).

import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const close = statement<Record<string, never>, [string, string, string]>(
  "closeOpenAssignments",
  [],
  `UPDATE "Assignment" SET "endedAt" = $3::timestamp, "endReason" = $2
   WHERE "leadId" = $1::uuid AND "endedAt" IS NULL`,
);

export async function closeOpenAssignments(
  tx: Tx,
  o: { leadId: string; reason: string; at: Date },
): Promise<void> {
  await close.run(tx, o.leadId, o.reason, utcTimestamp(o.at));
}
