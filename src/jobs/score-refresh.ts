// Time-based rescoring: decay and absence rules change scores with no new event.
import type { AppContext } from "../context.ts";
import { refreshStaleLeads } from "../flows/refresh-stale-leads.ts";

export async function run(
  ctx: AppContext,
  now: Date,
  options: { maxLeads?: number; batchSize?: number } = {},
): Promise<{ refreshed: number; done: boolean }> {
  const result = await refreshStaleLeads({ db: ctx.db, ctx, now, ...options });
  if (result.refreshed > 0) ctx.logger.info({ job: "score-refresh", ...result }, "scores refreshed");
  return result;
}
