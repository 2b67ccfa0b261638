// Rescoring after a rules change: every lead scored with other rules is refreshed, in id order
// so the work is deterministic and resumable (a lead already at the current rules version is
// skipped). REFRESH_CHUNK leads share a short plain-SQL transaction (refreshLeads: a fixed number
// of statements per chunk); a lead that becomes sales-ready is routed in it too, so chunks stay
// small: they hold row locks that intake and claims need. Marketing gets one summary of the
// leads that crossed a threshold when the run ends, never an alert per lead (a crash mid-run
// loses the count of the chunks done; the leads' transitions keep every crossing).

import type { AppContext } from "../context.ts";
import { emptyTally } from "../core/alerts/alert-crossings.ts";
import type { Database } from "../store/db.ts";
import { listLeadsToRescore } from "../store/leads/leads-to-refresh.ts";
import { queueCrossingSummary } from "./queue-crossing-summary.ts";
import { refreshLeads } from "./refresh-lead.ts";

const REFRESH_CHUNK = 25;

export interface RescoreOptions {
  db: Database;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  /** Rescore every lead, not only those scored with other rules (time decay, absence rules). */
  all?: boolean;
  batchSize?: number;
  /** Called after each batch, e.g. to log progress. */
  onBatch?: (done: number) => void;
  /** Stops between batches when it returns true (shutdown). */
  shouldStop?: () => boolean;
}

export async function rescoreLeads(options: RescoreOptions): Promise<{ rescored: number }> {
  const { db, ctx, all = false, batchSize = 100 } = options;
  let after: string | null = null;
  let rescored = 0;
  const tally = emptyTally();
  for (;;) {
    if (options.shouldStop?.()) break;
    const batch = await listLeadsToRescore(db, { rulesHash: ctx.rulesHash, all, after, limit: batchSize });
    if (batch.length === 0) break;
    for (let i = 0; i < batch.length; i += REFRESH_CHUNK) {
      const leadIds = batch.slice(i, i + REFRESH_CHUNK);
      await db.transaction((tx) => refreshLeads({ tx, ctx, leadIds, actor: "rescore", tally }), {
        maxWait: 15_000,
        timeout: 30_000,
      });
    }
    rescored += batch.length;
    after = batch[batch.length - 1]!;
    options.onBatch?.(rescored);
  }
  await queueCrossingSummary({ db, tally, source: "rescore" });
  return { rescored };
}
