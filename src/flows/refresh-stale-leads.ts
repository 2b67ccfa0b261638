// Scores change with time alone: engagement points decay and absence rules ("no email opened in
// 30 days") start to apply with no new event. This finds the open leads whose score may have
// moved since they were last refreshed and refreshes them, a small batch per transaction so
// intake never waits long on a row lock.
import type { AppContext } from "../context.ts";
import type { Database } from "../store/db.ts";
import { listStaleLeads } from "../store/leads/leads-to-refresh.ts";
import { refreshLeads } from "./refresh-lead.ts";

const DAY_MS = 86_400_000;

export interface RefreshStaleLeadsOptions {
  db: Database;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  now: Date;
  batchSize?: number;
  /** Upper bound per run, so one tick never runs for hours; the next tick continues. */
  maxLeads?: number;
  /** Leads refreshed more recently than this are skipped (default 24 h). */
  minAgeMs?: number;
  /** Inactivity after which absence rules may apply (default 30 days). */
  absenceMs?: number;
  shouldStop?: () => boolean;
}

export async function refreshStaleLeads(
  options: RefreshStaleLeadsOptions,
): Promise<{ refreshed: number; done: boolean }> {
  const { db, ctx, now, batchSize = 100, maxLeads = 5000 } = options;
  const staleBefore = new Date(now.getTime() - (options.minAgeMs ?? DAY_MS));
  const inactiveBefore = new Date(now.getTime() - (options.absenceMs ?? 30 * DAY_MS));
  let after: string | null = null;
  let refreshed = 0;
  while (refreshed < maxLeads && !options.shouldStop?.()) {
    const take = Math.min(batchSize, maxLeads - refreshed);
    // Candidates: see listStaleLeads; refreshing a lead whose score did not move changes nothing.
    const batch = await listStaleLeads(db, { staleBefore, inactiveBefore, after, limit: take });
    if (batch.length === 0) return { refreshed, done: true };
    await db.transaction((tx) => refreshLeads({ tx, ctx, leadIds: batch, actor: "system:decay" }));
    refreshed += batch.length;
    after = batch[batch.length - 1]!;
    if (batch.length < take) return { refreshed, done: true };
  }
  return { refreshed, done: false };
}
