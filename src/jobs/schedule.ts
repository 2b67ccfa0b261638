// The one cron table. Every job is a file exporting `run(ctx, now)` (tests call it directly);
// each tick takes a PostgreSQL advisory lock so that with several instances it runs once.
import cron, { type ScheduledTask } from "node-cron";
import type { AppContext } from "../context.ts";
import { jobLastSuccess } from "../observability/metrics.ts";
import { run as claimExpiry } from "./claim-expiry.ts";
import { run as dailyDigest } from "./daily-digest.ts";
import { run as deliveryPurge } from "./delivery-purge.ts";
import { run as followUps } from "./follow-ups.ts";
import { run as outboundPurge } from "./outbound-purge.ts";
import { run as scoreRefresh } from "./score-refresh.ts";
import { run as slaCheck } from "./sla-check.ts";
import { run as staleMqls } from "./stale-mqls.ts";

export interface Job {
  name: string;
  /** node-cron expression (optional seconds field first). */
  schedule: string;
  run(ctx: AppContext, now: Date): Promise<unknown>;
}

export const jobs: Job[] = [
  // 08:00 in the jobs' time zone, about yesterday.
  { name: "daily-digest", schedule: "0 8 * * *", run: (ctx, now) => dailyDigest(ctx, now) },
  // Hourly, off the hour so it does not coincide with the digest; each run is bounded.
  { name: "score-refresh", schedule: "17 * * * *", run: (ctx, now) => scoreRefresh(ctx, now) },
  // Routing: SLA timers and claim windows are minutes long, so they are checked every minute;
  // follow-ups are measured in days, so hourly (off the hour, away from the others) is plenty.
  { name: "sla-check", schedule: "* * * * *", run: (ctx, now) => slaCheck(ctx, now) },
  { name: "claim-expiry", schedule: "* * * * *", run: (ctx, now) => claimExpiry(ctx, now) },
  { name: "follow-ups", schedule: "41 * * * *", run: (ctx, now) => followUps(ctx, now) },
  { name: "delivery-purge", schedule: "*/5 * * * *", run: (ctx, now) => deliveryPurge(ctx, now) },
  { name: "outbound-purge", schedule: "23 3 * * *", run: (ctx, now) => outboundPurge(ctx, now) },
  // Weekly stale MQLs for marketing: tried hourly in working hours on weekdays, posted by the
  // first run of the ISO week that reaches Slack (the week is recorded after the post), so an
  // outage on Monday morning is retried an hour later and the post never repeats in the week.
  { name: "stale-mqls", schedule: "53 9-17 * * 1-5", run: (ctx, now) => staleMqls(ctx, now) },
];

/**
 * A stable advisory-lock key per job name (FNV-1a, 31 bits), offset from the migration and
 * rescore keys' range by a fixed prefix so they cannot collide by accident.
 */
export function lockKeyOf(name: string): number {
  let hash = 0x811c9dc5;
  for (const ch of `leadops:job:${name}`) {
    hash ^= ch.charCodeAt(0);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash & 0x7fffffff;
}

/** Runs one tick of a job under its lock; undefined when another instance holds the lock. */
export async function runJob<T>(
  ctx: AppContext,
  job: { name: string; run(ctx: AppContext, now: Date): Promise<T> },
  now: Date = ctx.now(),
): Promise<{ ran: true; result: T } | { ran: false }> {
  const outcome = await ctx.db.withAdvisoryLock(lockKeyOf(job.name), async () => ({
    ran: true as const,
    result: await job.run(ctx, now),
  }));
  // Wall-clock time, not `now`: operators alert on how long ago a job last worked.
  if (outcome) jobLastSuccess.set({ job: job.name }, Date.now() / 1000);
  return outcome ?? { ran: false };
}

export interface StartJobsOptions {
  /** Time zone the schedules are read in (default UTC). */
  timeZone?: string;
  /** Another table (tests). */
  table?: Job[];
}

/** Starts every job of the table; the returned function stops them and waits for running ticks. */
export function startJobs(ctx: AppContext, options: StartJobsOptions = {}): () => Promise<void> {
  const running = new Set<Promise<unknown>>();
  const tasks: ScheduledTask[] = (options.table ?? jobs).map((job) =>
    cron.schedule(
      job.schedule,
      () => {
        const tick = runJob(ctx, job)
          .then((r) => {
            if (!r.ran) ctx.logger.debug({ job: job.name }, "job tick skipped: another instance runs it");
          })
          .catch((err: unknown) =>
            ctx.logger.error({ err, job: job.name }, "job failed; it runs again next tick"),
          )
          .finally(() => running.delete(tick));
        running.add(tick);
        return tick;
      },
      // unref: the timers alone never keep a process alive (the HTTP server does).
      { name: job.name, timezone: options.timeZone ?? "UTC", noOverlap: true, unref: true },
    ),
  );
  return async () => {
    await Promise.all(tasks.map((t) => t.stop()));
    await Promise.all([...running]);
    await Promise.all(tasks.map((t) => t.destroy()));
  };
}
