// A rep's availability on their Rep row: away (until an instant), back (which ends only the
// away the rep set: an automatic pause stays until a manager's unpause), and a manager's unpause
// (which lifts the pause and restarts the counters that paused them).
import type { Rep } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type AvailabilityRow = Pick<Rep, "away" | "awayUntil" | "paused">;

const selectTimezone = statement<Pick<Rep, "timezone">, [string]>(
  "selectRepTimezone",
  ["timezone"],
  `SELECT timezone FROM "Rep" WHERE "slackId" = $1`,
);

/** The rep's own time zone as stored; undefined when the rep has no row yet. */
export async function readRepTimezone(tx: Tx, slackId: string): Promise<string | null | undefined> {
  const [row] = await selectTimezone.run(tx, slackId);
  return row ? row.timezone : undefined;
}

const away = statement<AvailabilityRow, [string, string | null, string]>(
  "setRepAway",
  ["away", "awayUntil", "paused"],
  `UPDATE "Rep" SET away = true, "awayUntil" = $2::timestamp, "updatedAt" = $3::timestamp
   WHERE "slackId" = $1
   RETURNING away, "awayUntil", paused`,
);

const back = statement<AvailabilityRow, [string, string]>(
  "setRepBack",
  ["away", "awayUntil", "paused"],
  `UPDATE "Rep" SET away = false, "awayUntil" = NULL, "updatedAt" = $2::timestamp
   WHERE "slackId" = $1
   RETURNING away, "awayUntil", paused`,
);

/** The rep's availability after the change; null when the rep has no row. */
export async function setRepAway(
  tx: Tx,
  o: { slackId: string; until: Date | null; at: Date },
): Promise<AvailabilityRow | null> {
  const [row] = await away.run(tx, o.slackId, o.until ? utcTimestamp(o.until) : null, utcTimestamp(o.at));
  return row ?? null;
}

export async function setRepBack(tx: Tx, o: { slackId: string; at: Date }): Promise<AvailabilityRow | null> {
  const [row] = await back.run(tx, o.slackId, utcTimestamp(o.at));
  return row ?? null;
}

const unpause = statement<Pick<Rep, "paused">, [string, string]>(
  "unpauseRep",
  ["paused"],
  `UPDATE "Rep" r SET paused = false, "pausedReason" = NULL, "missedClaims" = 0, "slaBreaches" = 0,
     "updatedAt" = $2::timestamp
   FROM (SELECT "slackId", paused FROM "Rep" WHERE "slackId" = $1 FOR UPDATE) AS prev
   WHERE r."slackId" = prev."slackId"
   RETURNING prev.paused`,
);

/** Whether the rep was paused before; null when the rep has no row. */
export async function liftRepPause(
  tx: Tx,
  o: { slackId: string; at: Date },
): Promise<{ wasPaused: boolean } | null> {
  const [row] = await unpause.run(tx, o.slackId, utcTimestamp(o.at));
  return row ? { wasPaused: row.paused } : null;
}
