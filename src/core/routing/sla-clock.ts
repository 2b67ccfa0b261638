// The SLA clock. With `sla.clock: business` an owner's SLA minutes run only inside their working
// hours (in their time zone): a lead assigned at 17:55 on a 09:00–18:00 schedule has used 5
// minutes at the close of the day and the rest of its time runs from 09:00 the next working day,
// instead of breaching overnight. `wall` counts every minute, as before.
//
// The walk goes from shift to shift rather than minute by minute (a week of minutes for each of a
// thousand open assignments would be ten million calls). A jump is computed in local minutes and
// the local time is read again where it lands, so a daylight-saving change inside a jump is
// corrected there (landAtStart).
import type { WorkingHours } from "./config.ts";
import { isValidTimeZone, isWithinHours, localTimeIn } from "./working-hours.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;
const MINUTE = 60_000;
const DAY_MINUTES = 1440;
/** Shifts looked at before giving up: a year of daily shifts, far beyond any SLA timer. */
const MAX_STEPS = 800;

/** How an assignment's SLA minutes are counted. */
export type SlaClock = { kind: "wall" } | { kind: "business"; hours: WorkingHours; timeZone: string };

export const WALL_CLOCK: SlaClock = { kind: "wall" };

/**
 * The clock for an owner: business when the rules ask for it and the owner has working hours in
 * a zone Intl knows; otherwise the wall clock (an owner with no hours works around the clock).
 */
export function slaClockFor(o: {
  clock: "business" | "wall";
  hours: WorkingHours | null | undefined;
  timeZone: string | null | undefined;
}): SlaClock {
  if (o.clock === "wall" || !o.hours || !o.timeZone || !isValidTimeZone(o.timeZone)) return WALL_CLOCK;
  if (o.hours.days.length === 0) return WALL_CLOCK;
  return { kind: "business", hours: o.hours, timeZone: o.timeZone };
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
};

/**
 * From instant `t`: the working time left in the shift it falls in (ms), or, outside hours, how
 * long until the next shift starts (negative ms: `-gap`).
 */
function step(t: number, hours: WorkingHours, timeZone: string): number {
  const local = localTimeIn(new Date(t), timeZone);
  // localTimeIn reads whole minutes; the seconds already gone in this minute come from t.
  const m = local.minutes + (((t % MINUTE) + MINUTE) % MINUTE) / MINUTE;
  const start = toMinutes(hours.start);
  const end = toMinutes(hours.end);
  const works = (d: number) => hours.days.includes(DAYS[((d % 7) + 7) % 7] as (typeof DAYS)[number]);
  if (isWithinHours(local, hours)) {
    let left: number;
    if (start === end) left = DAY_MINUTES - m;
    else if (start < end) left = end - m;
    else left = m >= start ? DAY_MINUTES - m + end : end - m;
    return Math.max(left, 1 / MINUTE) * MINUTE;
  }
  for (let k = 0; k <= 7; k++) {
    if (!works(local.day + k)) continue;
    const gap = k * DAY_MINUTES + start - m;
    if (gap > 0) return -landAtStart(t, gap * MINUTE, start, timeZone);
  }
  return -DAY_MINUTES * MINUTE;
}

/**
 * The jump to the next shift, corrected by the clock change when one falls inside it (the jump
 * was computed in local minutes): lands on the shift's local start, not an hour off.
 */
function landAtStart(t: number, jump: number, start: number, timeZone: string): number {
  const landed = localTimeIn(new Date(t + jump), timeZone).minutes;
  const off = start - landed;
  return Math.abs(off) <= 120 && off !== 0 ? jump + off * MINUTE : jump;
}

/**
 * When `minutes` of SLA time started at `start` run out on this clock. On the business clock the
 * deadline always falls inside (or at the close of) a shift.
 */
export function slaDeadline(o: { start: Date; minutes: number; clock: SlaClock }): Date {
  const { clock } = o;
  if (clock.kind === "wall") return new Date(o.start.getTime() + o.minutes * MINUTE);
  let t = o.start.getTime();
  let remaining = o.minutes * MINUTE;
  for (let i = 0; i < MAX_STEPS; i++) {
    const s = step(t, clock.hours, clock.timeZone);
    if (s < 0) {
      t += -s;
      continue;
    }
    if (remaining <= s) return new Date(t + remaining);
    remaining -= s;
    t += s;
  }
  return new Date(t + remaining);
}

/** SLA minutes counted between `start` and `end` on this clock (0 when `end` is not later). */
export function slaMinutesBetween(o: { start: Date; end: Date; clock: SlaClock }): number {
  const { clock } = o;
  const endMs = o.end.getTime();
  if (clock.kind === "wall") return Math.max(0, (endMs - o.start.getTime()) / MINUTE);
  let t = o.start.getTime();
  let counted = 0;
  for (let i = 0; i < MAX_STEPS && t < endMs; i++) {
    const s = step(t, clock.hours, clock.timeZone);
    const span = Math.min(Math.abs(s), endMs - t);
    if (s > 0) counted += span;
    t += span;
  }
  return counted / MINUTE;
}

/**
 * Whether a breach whose deadline is `at` counts toward the owner's auto-pause: on the business
 * clock only when it fell inside their working hours (the instant just before the deadline, so a
 * deadline at the close of a shift is inside it); on the wall clock always, as before.
 */
export function breachCountsTowardPause(o: { at: Date; clock: SlaClock }): boolean {
  if (o.clock.kind === "wall") return true;
  const local = localTimeIn(new Date(o.at.getTime() - 1), o.clock.timeZone);
  return isWithinHours(local, o.clock.hours);
}

/**
 * Each rep's SLA clock from the rules: their own working hours and time zone, else the routing
 * defaults (as routing's eligibility check resolves them).
 */
export function ownerSlaClocks(o: {
  clock: "business" | "wall";
  reps: readonly {
    slackId: string;
    timezone?: string | undefined;
    workingHours?: WorkingHours | undefined;
  }[];
  defaultTimezone: string;
  defaultWorkingHours: WorkingHours | null;
}): Map<string, SlaClock> {
  return new Map(
    o.reps.map((r) => [
      r.slackId,
      slaClockFor({
        clock: o.clock,
        hours: r.workingHours ?? o.defaultWorkingHours,
        timeZone: r.timezone || o.defaultTimezone,
      }),
    ]),
  );
}
