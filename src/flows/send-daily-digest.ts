// The managers' daily digest: yesterday's figures (in the digest's time zone), queued as one
// outbox notice. The dedupe key is the day, so however many instances or retries run it, the
// managers get one digest per day.
import type { Rules } from "../config/rules.ts";
import { type DigestFigures, digestDay, digestFigures } from "../core/reporting/digest.ts";
import type { Database } from "../store/db.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { readDigestCounts } from "../store/report/read-digest-counts.ts";

/** Builds yesterday's digest and queues it for the managers' channel (once per day). */
export async function sendDailyDigest(options: {
  db: Pick<Database, "transaction">;
  rules: Pick<Rules, "channels">;
  now: Date;
  timeZone?: string;
}): Promise<DigestFigures> {
  const day = digestDay(options.now, options.timeZone ?? "UTC");
  return options.db.transaction(async (tx) => {
    const figures = digestFigures(day, await readDigestCounts(tx, day));
    await enqueueNotice(tx, {
      kind: "daily_digest",
      channel: options.rules.channels.managers ?? null,
      payload: { ...figures },
      dedupeKey: `daily_digest:${figures.day}:${figures.timeZone}`,
    });
    return figures;
  });
}
