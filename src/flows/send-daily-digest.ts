// The managers' daily digest: yesterday's figures (in the digest's time zone), queued as one
// outbox notice. The dedupe key is the day, so however many instances or retries run it, the
// managers get one digest per day.
import type { Rules } from "../config/rules.ts";
import { addToDate, formatLocalDate, localDateOf, startOfLocalDay } from "../core/reporting/period.ts";
import type { Database } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export interface DigestFigures {
  /** The day summarised, YYYY-MM-DD in `timeZone`. */
  day: string;
  timeZone: string;
  from: string;
  to: string;
  newLeads: number;
  /** Leads that became hot that day (grade transition, or created hot). */
  hotLeads: number;
  /** Hot leads with no owner right now. */
  unclaimed: number;
  slaBreaches: number;
  wins: number;
  wonAmount: number;
}

const DIGEST_SQL = `
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
  (SELECT COALESCE(sum(amount), 0)::float8 FROM "Outcome" WHERE kind = 'won' AND "occurredAt" >= $1::timestamp AND "occurredAt" < $2::timestamp) AS won_amount`;

export async function buildDigest(options: {
  db: Pick<Database, "sql">;
  now: Date;
  timeZone?: string;
}): Promise<DigestFigures> {
  const timeZone = options.timeZone ?? "UTC";
  const today = localDateOf(options.now, timeZone);
  const yesterday = addToDate(today, { days: -1 });
  const from = startOfLocalDay(yesterday, timeZone);
  const to = startOfLocalDay(today, timeZone);
  const [row] = await options.db.sql.query<{
    new_leads: number;
    hot_leads: number;
    unclaimed: number;
    sla_breaches: number;
    wins: number;
    won_amount: number;
  }>(DIGEST_SQL, [from.toISOString(), to.toISOString()]);
  return {
    day: formatLocalDate(yesterday),
    timeZone,
    from: from.toISOString(),
    to: to.toISOString(),
    newLeads: row?.new_leads ?? 0,
    hotLeads: row?.hot_leads ?? 0,
    unclaimed: row?.unclaimed ?? 0,
    slaBreaches: row?.sla_breaches ?? 0,
    wins: row?.wins ?? 0,
    wonAmount: Math.round(Number(row?.won_amount ?? 0) * 100) / 100,
  };
}

/** Builds yesterday's digest and queues it for the managers' channel (once per day). */
export async function sendDailyDigest(options: {
  db: Database;
  rules: Pick<Rules, "channels">;
  now: Date;
  timeZone?: string;
}): Promise<DigestFigures> {
  const figures = await buildDigest(options);
  await options.db.modelTransaction(async (tx) => {
    await enqueueNotice(tx, {
      kind: "daily_digest",
      channel: options.rules.channels.managers ?? null,
      payload: { ...figures },
      dedupeKey: `daily_digest:${figures.day}:${figures.timeZone}`,
    });
  });
  return figures;
}
