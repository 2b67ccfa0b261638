// The owner answered a lead. This is the one place that decides whether an action is the lead's
// first response and stamps Lead.firstResponseAt (speed-to-lead); record-contact, mark-won,
// mark-lost, submit-qualification and nurture-lead call it inside their transaction, after
// authorizeLeadAction locked the lead row and before they end the open assignment.
//
// Rule: only the OWNER's own action is a first response. A manager (or another rep) acting on the
// lead says nothing about the owner's speed, and Release is handing the lead back, not answering
// it, so release-lead does not call this. An already answered lead keeps its first stamp.
//
// When the response came within the SLA (the owner's open assignment never breached), the rep's
// consecutive SLA-breach count starts again from 0 (routing/should-pause.ts).
import type { Assignment } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

// Conditional: a response already stamped (by a concurrent transaction that did not hold the
// lock the caller holds) is never overwritten.
const stamp = statement<{ id: string }, [string, string]>(
  "stampFirstResponse",
  ["id"],
  `UPDATE "Lead" SET "firstResponseAt" = $2::timestamp, "updatedAt" = $2::timestamp
   WHERE id = $1::uuid AND "firstResponseAt" IS NULL
   RETURNING id`,
);

const openAssignment = statement<Pick<Assignment, "breachedAt">, [string, string]>(
  "readOpenAssignmentBreach",
  ["breachedAt"],
  `SELECT "breachedAt" FROM "Assignment"
   WHERE "leadId" = $1::uuid AND "repSlackId" = $2 AND "endedAt" IS NULL
   ORDER BY "createdAt" DESC LIMIT 1`,
);

const resetBreaches = statement<Record<string, never>, [string, string]>(
  "resetRepSlaBreaches",
  [],
  `UPDATE "Rep" SET "slaBreaches" = 0, "updatedAt" = $2::timestamp
   WHERE "slackId" = $1 AND "slaBreaches" > 0`,
);

export async function recordFirstResponse(
  tx: Tx,
  opts: {
    /** The lead as the caller read it under its row lock. */
    lead: { id: string; ownerSlackId: string | null; firstResponseAt: Date | null };
    actor: string;
    now: Date;
  },
): Promise<{ recorded: boolean; withinSla: boolean }> {
  const { lead, actor, now } = opts;
  if (lead.firstResponseAt !== null || lead.ownerSlackId === null || lead.ownerSlackId !== actor) {
    return { recorded: false, withinSla: false };
  }
  const at = utcTimestamp(now);
  const stamped = await stamp.run(tx, lead.id, at);
  if (stamped.length === 0) return { recorded: false, withinSla: false };
  const [open] = await openAssignment.run(tx, lead.id, actor);
  const withinSla = open !== undefined && open.breachedAt === null;
  if (withinSla) await resetBreaches.run(tx, actor, at);
  return { recorded: true, withinSla };
}
