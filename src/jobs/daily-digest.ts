// Daily digest to the managers' channel: yesterday's new, hot and unclaimed leads, SLA
// breaches and wins.
import type { AppContext } from "../context.ts";
import type { DigestFigures } from "../core/reporting/digest.ts";
import { sendDailyDigest } from "../flows/send-daily-digest.ts";

export async function run(
  ctx: AppContext,
  now: Date,
  options: { timeZone?: string } = {},
): Promise<DigestFigures> {
  const figures = await sendDailyDigest({ db: ctx.db, rules: ctx.rules, now, ...options });
  ctx.logger.info({ job: "daily-digest", day: figures.day }, "daily digest queued");
  return figures;
}
