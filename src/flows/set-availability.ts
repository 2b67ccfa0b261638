// `/leads away [until DATE]`, `/leads back` and the App Home toggle. Coming back ends the away the
// rep set themselves, never an automatic pause (missed claims, SLA breaches): only a manager lifts
// that (`/leads unpause`, flows/unpause-rep.ts), so `paused` in the result tells the caller to say so.
//
// A day the rep names ("until 2025-03-10", "until tomorrow", "until friday") is a day in the
// rep's own time zone (Rep.timezone, else routing.defaultTimezone): they are away until that day
// starts there, not at 00:00 UTC. "Tomorrow" and weekdays count from the rep's today.
import type { AppContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../core/errors.ts";
import { RefusedError, rolesOf } from "../core/roles.ts";
import { localTimeIn } from "../core/routing/working-hours.ts";
import { localDay, repTimeZone, startOfDayIn } from "../core/time/calendar-day.ts";
import { audit } from "../store/audit/audit.ts";
import { readRepTimezone, setRepAway, setRepBack } from "../store/reps/rep-availability.ts";

/** A calendar day as a rep names it: a date, days after their today, or the next such weekday. */
export type AwayDay =
  | { date: string }
  | { daysAhead: number }
  /** 0 = Sunday … 6 = Saturday; always 1 to 7 days ahead. */
  | { weekday: number };

export type AvailabilityChange =
  | {
      state: "away";
      /** An exact instant (API, tests). */
      until?: Date | null;
      /** A day in the rep's time zone; wins over `until`. */
      day?: AwayDay | null;
    }
  | { state: "back" };

export interface RepAvailability {
  away: boolean;
  awayUntil: Date | null;
  paused: boolean;
  /** The time zone a named day was read in (the rep's, else the default). */
  timezone: string;
}

// The calendar-day math lives in core (the Won modal's close date reads days the same way).
export { repTimeZone, startOfDayIn };

const DAY = 86_400_000;

/** When a named day starts for someone in `timeZone`, counting "tomorrow" from their today. */
export function resolveAwayDay(day: AwayDay, now: Date, timeZone: string): Date {
  if ("date" in day) return startOfDayIn(day.date, timeZone);
  // AwayDay counts weekdays from Sunday, localTimeIn from Monday.
  const weekday = (localTimeIn(now, timeZone).day + 1) % 7;
  const ahead = "daysAhead" in day ? day.daysAhead : (day.weekday - weekday + 7) % 7 || 7;
  const date = new Date(localDay(now.getTime(), timeZone) + ahead * DAY).toISOString().slice(0, 10);
  return startOfDayIn(date, timeZone);
}

export async function setAvailability(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  actor: string;
  change: AvailabilityChange;
}): Promise<RepAvailability> {
  const { ctx, actor, change } = opts;
  if (!rolesOf(ctx.rules, actor).isRep) {
    throw new RefusedError(
      "You are not set up as a rep in LeadOps, so you have no availability to set.",
      "not_rep",
    );
  }
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const timezone = repTimeZone(await readRepTimezone(tx, actor), ctx.rules.routing.defaultTimezone);
    const until =
      change.state === "away"
        ? change.day
          ? resolveAwayDay(change.day, now, timezone)
          : (change.until ?? null)
        : null;
    if (until && until.getTime() <= now.getTime()) {
      throw new ValidationError("The date must be in the future", [
        { field: "until", message: "must be in the future" },
      ]);
    }
    const rep =
      change.state === "away"
        ? await setRepAway(tx, { slackId: actor, until, at: now })
        : await setRepBack(tx, { slackId: actor, at: now });
    if (!rep)
      throw new NotFoundError(
        "You are not in LeadOps yet: reps are added from leadops.yml when LeadOps starts.",
      );
    await audit(tx, {
      actor,
      action: change.state === "away" ? "rep.away" : "rep.back",
      entity: "rep",
      entityId: actor,
      data: change.state === "away" ? { until: until?.toISOString() ?? null, timezone } : {},
    });
    return { ...rep, timezone };
  });
}
