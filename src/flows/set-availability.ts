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
import { isValidTimeZone, localTimeIn } from "../core/routing/working-hours.ts";
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

const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK_MINUTES = 7 * 1440;

/**
 * The zone's offset from UTC at instant `t` (ms), read off localTimeIn as the zone's minute of
 * the week less UTC's. Offsets stay within ±14 h, far inside half a week, so the difference
 * folded into ±3.5 days is the offset.
 */
function offsetAt(t: number, timeZone: string): number {
  const local = localTimeIn(new Date(t), timeZone);
  const utc = localTimeIn(new Date(t), "UTC");
  const diff = (local.day - utc.day) * 1440 + local.minutes - utc.minutes;
  const half = WEEK_MINUTES / 2;
  // diff is above −1 week, so adding one keeps the remainder's operand positive.
  return (((diff + WEEK_MINUTES + half) % WEEK_MINUTES) - half) * MINUTE;
}

/** The calendar day the wall clock in `timeZone` shows at `t`, as that day's UTC midnight. */
function localDay(t: number, timeZone: string): number {
  return Math.floor((t + offsetAt(t, timeZone)) / DAY) * DAY;
}

/** The first instant of the calendar day `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfDayIn(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const target = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // Midnight less the offset at a guess, twice: the second pass corrects a guess on the other
  // side of a change.
  let t = target - offsetAt(target, timeZone);
  t = target - offsetAt(t, timeZone);
  if (localDay(t, timeZone) === target) {
    // Back up past an earlier instant of the same day (a repeated hour around midnight).
    while (localDay(t - HOUR, timeZone) === target) t -= HOUR;
    return new Date(t);
  }
  // Midnight does not exist that day (clocks jump forward at 00:00): the day starts at the jump.
  let lo = t;
  let hi = t + 3 * HOUR;
  while (hi - lo > MINUTE) {
    const mid = lo + Math.floor((hi - lo) / (2 * MINUTE)) * MINUTE;
    if (localDay(mid, timeZone) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** When a named day starts for someone in `timeZone`, counting "tomorrow" from their today. */
export function resolveAwayDay(day: AwayDay, now: Date, timeZone: string): Date {
  if ("date" in day) return startOfDayIn(day.date, timeZone);
  // AwayDay counts weekdays from Sunday, localTimeIn from Monday.
  const weekday = (localTimeIn(now, timeZone).day + 1) % 7;
  const ahead = "daysAhead" in day ? day.daysAhead : (day.weekday - weekday + 7) % 7 || 7;
  const date = new Date(localDay(now.getTime(), timeZone) + ahead * DAY).toISOString().slice(0, 10);
  return startOfDayIn(date, timeZone);
}

/** The rep's zone if Intl knows it, else the configured default, else UTC. */
export function repTimeZone(repZone: string | null | undefined, defaultZone: string): string {
  if (repZone && isValidTimeZone(repZone)) return repZone;
  return isValidTimeZone(defaultZone) ? defaultZone : "UTC";
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
