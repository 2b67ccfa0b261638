// Email engagement counts from the behaviour events of a period (LeadEvent by its
// (type, occurredAt, leadId) index): sends (email_sent), opens (email_opened), clicks
// (email_clicked), with distinct leads for the unique figures. Grouped by the event's own
// campaign (properties.campaign) and by the lead's current segments; the grouping set `()` is
// the total, in the same scan. Forgotten leads are left out. Shaped in core/reporting/email-engagement.ts.
import type { EmailCountRow } from "../../core/reporting/email-engagement.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { IN_PERIOD, type PeriodRange, rangeParams } from "./report-sql.ts";

const EVENTS = `
SELECT e."leadId", e.type, NULLIF(e.properties->>'campaign', '') AS campaign, l.segments
FROM "LeadEvent" e JOIN "Lead" l ON l.id = e."leadId"
WHERE e.type IN ('email_sent', 'email_opened', 'email_clicked') AND ${IN_PERIOD('e."occurredAt"')}
  AND l."forgottenAt" IS NULL`;

const FIGURES = `count(*) FILTER (WHERE ev.type = 'email_sent')::int AS sends,
  count(*) FILTER (WHERE ev.type = 'email_opened')::int AS opens,
  count(DISTINCT ev."leadId") FILTER (WHERE ev.type = 'email_opened')::int AS "uniqueOpens",
  count(*) FILTER (WHERE ev.type = 'email_clicked')::int AS clicks,
  count(DISTINCT ev."leadId") FILTER (WHERE ev.type = 'email_clicked')::int AS "uniqueClicks"`;

const COLUMNS = ["key", "total", "sends", "opens", "uniqueOpens", "clicks", "uniqueClicks"] as const;

const byCampaign = statement<EmailCountRow, [from: string, to: string]>(
  "reportEmailByCampaign",
  COLUMNS,
  `WITH ev AS (${EVENTS})
SELECT ev.campaign AS key, GROUPING(ev.campaign) = 1 AS total, ${FIGURES}
FROM ev GROUP BY GROUPING SETS ((ev.campaign), ())
ORDER BY 2 DESC, 1 NULLS LAST`,
);

// A lead counts once in each of its current segments, and a lead with none in the (none) group,
// as the report's `by segment` does (report-sql.ts UNNEST_SEGMENTS).
const bySegment = statement<EmailCountRow, [from: string, to: string]>(
  "reportEmailBySegment",
  COLUMNS,
  `WITH ev AS (${EVENTS})
SELECT sm.segment AS key, false AS total, ${FIGURES}
FROM ev LEFT JOIN LATERAL unnest(ev.segments) AS sm(segment) ON true
GROUP BY sm.segment ORDER BY 1 NULLS LAST`,
);

export function readEmailByCampaign(tx: Tx, o: { range: PeriodRange }): Promise<EmailCountRow[]> {
  return byCampaign.run(tx, ...rangeParams(o.range));
}

export function readEmailBySegment(tx: Tx, o: { range: PeriodRange }): Promise<EmailCountRow[]> {
  return bySegment.run(tx, ...rangeParams(o.range));
}
