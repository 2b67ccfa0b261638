// Ending assignments: a lead's open ones when a new owner (or an outcome) replaces them, a lead's
// fallback one when a claim settles it, one by id when a newer owner supersedes it.
import type { Assignment } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const endOpen = statement<Pick<Assignment, "id">, [string, string, string]>(
  "endOpenAssignments",
  ["id"],
  `UPDATE "Assignment" SET "endedAt" = $2::timestamp, "endReason" = $3
   WHERE "leadId" = $1::uuid AND "endedAt" IS NULL
   RETURNING id`,
);

/** Ends every open assignment of the lead; returns how many there were. */
export async function endOpenAssignments(
  tx: Tx,
  o: { leadId: string; at: Date; endReason: string },
): Promise<number> {
  return (await endOpen.run(tx, o.leadId, utcTimestamp(o.at), o.endReason)).length;
}

const endFallback = statement<Record<string, never>, [string, string, string]>(
  "endFallbackAssignments",
  [],
  `UPDATE "Assignment" SET "endedAt" = $2::timestamp, "endReason" = $3
   WHERE "leadId" = $1::uuid AND "repSlackId" IS NULL AND "endedAt" IS NULL`,
);

/** Ends the lead's open fallback assignment (nobody's, waiting for a manager), if any. */
export async function endFallbackAssignments(
  tx: Tx,
  o: { leadId: string; at: Date; endReason: string },
): Promise<void> {
  await endFallback.run(tx, o.leadId, utcTimestamp(o.at), o.endReason);
}

const endOne = statement<Record<string, never>, [string, string, string]>(
  "endAssignment",
  [],
  `UPDATE "Assignment" SET "endedAt" = $2::timestamp, "endReason" = $3 WHERE id = $1::uuid`,
);

export async function endAssignment(tx: Tx, o: { id: string; at: Date; endReason: string }): Promise<void> {
  await endOne.run(tx, o.id, utcTimestamp(o.at), o.endReason);
}
