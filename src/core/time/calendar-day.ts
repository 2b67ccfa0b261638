// Calendar days in a time zone, as people name them: when a day starts there, which day it is
// there now, and the zone to read a rep's days in. Used for `/leads away until DATE`
// (flows/set-availability.ts) and the Won modal's close date (core/outcomes/resolve-close-date.ts).
import { isValidTimeZone, localTimeIn } from "../routing/working-hours.ts";

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
export function localDay(t: number, timeZone: string): number {
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

/** The rep's zone if Intl knows it, else the configured default, else UTC. */
export function repTimeZone(repZone: string | null | undefined, defaultZone: string): string {
  if (repZone && isValidTimeZone(repZone)) return repZone;
  return isValidTimeZone(defaultZone) ? defaultZone : "UTC";
}

/** The calendar day (YYYY-MM-DD) the wall clock in `timeZone` shows at `at`. */
export function dayIn(at: Date, timeZone: string): string {
  return new Date(localDay(at.getTime(), timeZone)).toISOString().slice(0, 10);
}

/** The last millisecond of the calendar day `date` (YYYY-MM-DD) in `timeZone`. */
export function endOfDayIn(date: string, timeZone: string): Date {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + DAY).toISOString().slice(0, 10);
  return new Date(startOfDayIn(next, timeZone).getTime() - 1);
}
