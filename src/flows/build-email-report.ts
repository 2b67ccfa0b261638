// The email engagement report: one function behind GET /api/report/email,
// `leadops report email` and `/leads report email`. Kept apart from build-report.ts on purpose:
// it reads only behaviour events, so it shares no statement with the funnel report.
import { assembleEmailEngagement, type EmailEngagementReport } from "../core/reporting/email-engagement.ts";
import type { Period } from "../core/reporting/period.ts";
import type { Database } from "../store/db.ts";
import { readEmailByCampaign, readEmailBySegment } from "../store/report/read-email-engagement.ts";

export async function buildEmailReport(o: {
  db: Pick<Database, "transaction">;
  period: Period;
  now: Date;
}): Promise<EmailEngagementReport> {
  const range = { from: o.period.from, to: o.period.to };
  // One snapshot, so the segment rows and the campaign rows count the same events.
  const rows = await o.db.transaction(async (tx) => ({
    byCampaign: await readEmailByCampaign(tx, { range }),
    bySegment: await readEmailBySegment(tx, { range }),
  }));
  return assembleEmailEngagement({
    period: {
      from: o.period.from.toISOString(),
      to: o.period.to.toISOString(),
      timeZone: o.period.timeZone,
      label: o.period.label,
    },
    generatedAt: o.now.toISOString(),
    ...rows,
  });
}
