// The open assignments whose SLA timers may still fire: the lead not answered yet, still being
// worked, the assignment at most `since` old, and not settled (breached with nothing more due,
// see settleSla in sla-marks.ts). With how often each lead was already re-routed.
import type { Assignment } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type SlaAssignmentRow = Pick<
  Assignment,
  "id" | "leadId" | "repSlackId" | "route" | "createdAt" | "nudgedAt" | "breachedAt" | "endedAt"
> & { reroutes: number };

const select = statement<SlaAssignmentRow, [string, string, number]>(
  "selectSlaAssignments",
  ["id", "leadId", "repSlackId", "route", "createdAt", "nudgedAt", "breachedAt", "endedAt", "reroutes"],
  `SELECT a.id, a."leadId", a."repSlackId", a.route, a."createdAt", a."nudgedAt", a."breachedAt", a."endedAt",
     (SELECT count(*)::int FROM "Assignment" r
      WHERE r."leadId" = a."leadId" AND r."endReason" = 'sla_reroute') AS reroutes
   FROM "Assignment" a JOIN "Lead" l ON l.id = a."leadId"
   WHERE a."endedAt" IS NULL AND a."createdAt" >= $1::timestamp AND a."createdAt" <= $2::timestamp
     AND NOT (a."slaDueAt" IS NULL AND a."breachedAt" IS NOT NULL)
     AND l."firstResponseAt" IS NULL AND l."lostAt" IS NULL AND l."forgottenAt" IS NULL
     AND l.stage NOT IN ('customer', 'disqualified', 'nurture')
   ORDER BY a."createdAt" ASC
   LIMIT $3`,
);

export async function listSlaAssignments(
  tx: Tx,
  o: { since: Date; now: Date; limit: number },
): Promise<SlaAssignmentRow[]> {
  return select.run(tx, utcTimestamp(o.since), utcTimestamp(o.now), o.limit);
}
