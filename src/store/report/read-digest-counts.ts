// The daily digest's counts for one day: new and hot leads, SLA breaches, wins and their amount,
// and the hot leads unclaimed now.
import type { DigestCounts } from "../../core/reporting/digest.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { type PeriodRange, rangeParams } from "./report-sql.ts";

const digestCounts = statement<DigestCounts, [from: string, to: string]>(
  "digestCounts",
  ["new_leads", "hot_leads", "unclaimed", "sla_breaches", "wins", "won_amount"],
  `
SELECT
  (SELECT count(*)::int FROM "Lead" WHERE "createdAt" >= $1::timestamp AND "createdAt" < $2::timestamp) AS new_leads,
  (SELECT count(*)::int FROM (
     SELECT "leadId" AS id FROM "LeadTransition"
     WHERE field = 'grade' AND "to" = 'hot' AND at >= $1::timestamp AND at < $2::timestamp
     UNION
     SELECT id FROM "Lead" WHERE grade = 'hot' AND "createdAt" >= $1::timestamp AND "createdAt" < $2::timestamp
   ) h) AS hot_leads,
  (SELECT count(*)::int FROM "Lead"
     WHERE grade = 'hot' AND "ownerSlackId" IS NULL AND "forgottenAt" IS NULL AND "lostAt" IS NULL
       AND stage NOT IN ('customer', 'disqualified', 'nurture')) AS unclaimed,
  (SELECT count(*)::int FROM "Assignment" WHERE "breachedAt" >= $1::timestamp AND "breachedAt" < $2::timestamp) AS sla_breaches,
  (SELECT count(*)::int FROM "Outcome" WHERE kind = 'won' AND "occurredAt" >= $1::timestamp AND "occurredAt" < $2::timestamp) AS wins,
  (SELECT COALESCE(sum(amount), 0)::float8 FROM "Outcome" WHERE kind = 'won' AND "occurredAt" >= $1::timestamp AND "occurredAt" < $2::timestamp) AS won_amount`,
);

/** One row: the counts of [from, to); `unclaimed` is as of now, whatever the range. */
export async function readDigestCounts(tx: Tx, range: PeriodRange): Promise<DigestCounts | undefined> {
  const [row] = await digestCounts.run(tx, ...rangeParams(range));
  return row;
}
