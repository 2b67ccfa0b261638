// Outbound rows are kept for replay: sent and skipped ones 7 days, dead ones 30 (README,
// Integrations); older ones are deleted.
import type { AppContext } from "../context.ts";
import { purgeOutboundDeliveries } from "../store/outbound/purge-deliveries.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
export const KEEP_FINISHED_MS = 7 * DAY_MS;
export const KEEP_DEAD_MS = 30 * DAY_MS;

export async function run(ctx: AppContext, now: Date): Promise<{ purged: number }> {
  const purged = await ctx.db.transaction((tx) =>
    purgeOutboundDeliveries(tx, {
      finishedBefore: new Date(now.getTime() - KEEP_FINISHED_MS),
      deadBefore: new Date(now.getTime() - KEEP_DEAD_MS),
    }),
  );
  return { purged };
}
