// A bulk run (a rescore after a rules change, a CSV import) counts its leads' threshold crossings
// instead of alerting once per lead (refreshLeads' `tally`), and queues ONE summary for marketing
// when it finishes: "142 leads crossed to warm, 12 to hot", with the first leads listed.
import type { CrossingTally } from "../core/alerts/alert-crossings.ts";
import type { Database } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";

export async function queueCrossingSummary(options: {
  db: Pick<Database, "transaction">;
  tally: CrossingTally;
  /** What ran: `rescore` or `import`. */
  source: string;
}): Promise<void> {
  const { tally } = options;
  if (tally.leads === 0) return;
  await options.db.transaction((tx) =>
    enqueueNotice(tx, {
      kind: "crossing_summary",
      payload: {
        source: options.source,
        counts: { ...tally.counts },
        leads: tally.leads,
        sample: [...tally.sample],
      },
    }),
  );
}
