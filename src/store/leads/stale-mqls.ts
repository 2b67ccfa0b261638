// Marketing-qualified leads whose last activity is before a cutoff, by id in keyset pages (the
// audience and the weekly post read them all, memory bounded by the page). Last activity is the
// latest of Lead."lastActivityAt" (moves by people and the lifecycle), "mqlAt" (becoming MQL is
// news), "createdAt" and the lead's latest behaviour event (LeadEvent has no trigger into Lead:
// an email click or a page visit never touches "lastActivityAt"), read through the
// (leadId, occurredAt) index. GREATEST skips NULLs. Closed (lost) and forgotten leads are left out.
import { STALE_MQL_COLUMNS } from "../../core/marketing/stale-mqls.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type StaleMqlDbRow = Pick<
  Lead,
  "id" | "email" | "name" | "company" | "segments" | "mqlAt" | "leadMagnet" | "campaign" | "source"
> & { score: number; lastActivityAt: Date };

// The audience columns, in the order core/marketing writes them to the CSV.
const COLUMNS = STALE_MQL_COLUMNS;

const page = statement<StaleMqlDbRow, [before: string, after: string | null, limit: number]>(
  "selectStaleMqls",
  COLUMNS,
  `SELECT l.id, l.email, l.name, l.company, l.segments, l."totalScore" AS score, l."mqlAt",
     a.last AS "lastActivityAt", l."leadMagnet", l.campaign, l.source
   FROM "Lead" l
   CROSS JOIN LATERAL (
     SELECT GREATEST(l."lastActivityAt", l."mqlAt", l."createdAt",
       (SELECT max(e."occurredAt") FROM "LeadEvent" e WHERE e."leadId" = l.id)) AS last) a
   WHERE l.stage = 'mql' AND l."lostAt" IS NULL AND l."forgottenAt" IS NULL
     AND a.last < $1::timestamp AND ($2::uuid IS NULL OR l.id > $2::uuid)
   ORDER BY l.id
   LIMIT $3`,
);

/** Up to `limit` stale MQLs (last activity before `before`) with an id after `after`, by id. */
export function listStaleMqls(
  tx: Tx,
  o: { before: Date; after: string | null; limit: number },
): Promise<StaleMqlDbRow[]> {
  return page.run(tx, utcTimestamp(o.before), o.after, o.limit);
}
