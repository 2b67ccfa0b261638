// `/leads away [until DATE]`, `/leads back` and the App Home toggle. Coming back also lifts an
// automatic pause (missed claims), which the refusal text tells reps to do.
//
// A day the rep names ("until 2025-03-10", "until tomorrow", "until friday") is a day in the
// rep's own time zone (Rep.timezone, else routing.defaultTimezone): they are away until that day
// starts there, not at 00:00 UTC. "Tomorrow" and weekdays count from the rep's today.
import type { AppContext } from "../../context.ts";
import { audit } from "../audit.ts";
import { ValidationError } from "../errors.ts";
import { RefusedError, rolesOf } from "../roles.ts";
import { isValidTimeZone } from "../routing/working-hours.ts";

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

interface Wall {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  weekday: number;
}

const WEEKDAY: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };
const formatters = new Map<string, Intl.DateTimeFormat>();

/** The wall clock at `t` in `timeZone`, from Intl (so daylight saving needs no rules of ours). */
function wallAt(t: number, timeZone: string): Wall {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      weekday: "short",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(t)) p[part.type] = part.value;
  return {
    year: Number(p.year),
    month: Number(p.month),
    day: Number(p.day),
    hour: Number(p.hour) % 24,
    minute: Number(p.minute),
    weekday: WEEKDAY[p.weekday ?? ""] ?? 0,
  };
}

const civil = (w: Pick<Wall, "year" | "month" | "day">) => Date.UTC(w.year, w.month - 1, w.day);

/** The first instant of the calendar day `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfDayIn(date: string, timeZone: string): Date {
  const [y, m, d] = date.split("-").map(Number);
  const target = Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1);
  // wall − utc at a guess, twice: the second pass corrects a guess on the other side of a change.
  const offset = (t: number) => {
    const w = wallAt(t, timeZone);
    return civil(w) + (w.hour * 60 + w.minute) * 60_000 - Math.floor(t / 60_000) * 60_000;
  };
  let t = target - offset(target);
  t = target - offset(t);
  if (civil(wallAt(t, timeZone)) === target) {
    // Back up past an earlier instant of the same day (a repeated hour around midnight).
    while (civil(wallAt(t - 3_600_000, timeZone)) === target) t -= 3_600_000;
    return new Date(t);
  }
  // Midnight does not exist that day (clocks jump forward at 00:00): the day starts at the jump.
  let lo = t;
  let hi = t + 3 * 3_600_000;
  while (hi - lo > 60_000) {
    const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000;
    if (civil(wallAt(mid, timeZone)) >= target) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** When a named day starts for someone in `timeZone`, counting "tomorrow" from their today. */
export function resolveAwayDay(day: AwayDay, now: Date, timeZone: string): Date {
  if ("date" in day) return startOfDayIn(day.date, timeZone);
  const today = wallAt(now.getTime(), timeZone);
  const ahead = "daysAhead" in day ? day.daysAhead : (day.weekday - today.weekday + 7) % 7 || 7;
  const date = new Date(civil(today) + ahead * 86_400_000).toISOString().slice(0, 10);
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
  return ctx.db.prisma.$transaction(async (tx) => {
    const current = await tx.rep.findUnique({ where: { slackId: actor }, select: { timezone: true } });
    const timezone = repTimeZone(current?.timezone, ctx.rules.routing.defaultTimezone);
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
    const data =
      change.state === "away"
        ? { away: true, awayUntil: until }
        : { away: false, awayUntil: null, paused: false, pausedReason: null, missedClaims: 0 };
    const rep = await tx.rep.update({
      where: { slackId: actor },
      data,
      select: { away: true, awayUntil: true, paused: true },
    });
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
