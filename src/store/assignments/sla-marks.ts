// An assignment's SLA marks. Nudge and breach are conditional updates (the mark still empty), so
// each happens once however many ticks or instances run; settling clears slaDueAt so the scan
// stops reading an assignment with nothing left to do.
import type { Assignment } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type SlaMarksRow = Pick<Assignment, "endedAt" | "nudgedAt" | "breachedAt">;

const selectMarks = statement<SlaMarksRow, [string]>(
  "selectSlaMarks",
  ["endedAt", "nudgedAt", "breachedAt"],
  `SELECT "endedAt", "nudgedAt", "breachedAt" FROM "Assignment" WHERE id = $1::uuid`,
);

export async function readSlaMarks(tx: Tx, assignmentId: string): Promise<SlaMarksRow | null> {
  const [row] = await selectMarks.run(tx, assignmentId);
  return row ?? null;
}

const breach = statement<Pick<Assignment, "id">, [string, string]>(
  "markSlaBreached",
  ["id"],
  `UPDATE "Assignment" SET "breachedAt" = $2::timestamp WHERE id = $1::uuid AND "breachedAt" IS NULL RETURNING id`,
);

/** True when this call recorded the breach (nobody had yet). */
export async function markSlaBreached(tx: Tx, o: { assignmentId: string; at: Date }): Promise<boolean> {
  return (await breach.run(tx, o.assignmentId, utcTimestamp(o.at))).length > 0;
}

const nudge = statement<Pick<Assignment, "id">, [string, string]>(
  "markSlaNudged",
  ["id"],
  `UPDATE "Assignment" SET "nudgedAt" = $2::timestamp WHERE id = $1::uuid AND "nudgedAt" IS NULL RETURNING id`,
);

/** True when this call recorded the nudge (nobody had yet). */
export async function markSlaNudged(tx: Tx, o: { assignmentId: string; at: Date }): Promise<boolean> {
  return (await nudge.run(tx, o.assignmentId, utcTimestamp(o.at))).length > 0;
}

const settle = statement<Record<string, never>, [string]>(
  "settleSla",
  [],
  `UPDATE "Assignment" SET "slaDueAt" = NULL WHERE id = $1::uuid`,
);

export async function settleSla(tx: Tx, assignmentId: string): Promise<void> {
  await settle.run(tx, assignmentId);
}
