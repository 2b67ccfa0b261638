// Working hours in the rep's own time zone. The wall-clock time comes from Intl (the IANA
// database bundled with Node), computed from the instant, so daylight-saving changes and
// half-hour offsets (Asia/Kolkata) need no arithmetic of our own.
import type { WorkingHours } from "./config.ts";

const DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const;

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  day: number;
  /** Minutes since local midnight. */
  minutes: number;
  /** "Sun 03:12" */
  label: string;
}

// Building a DateTimeFormat costs far more than using one; a cache keyed by zone keeps the
// function pure in effect (same input, same output) while routing 500 reps stays cheap.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
      hourCycle: "h23",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Whether Intl knows the zone. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The zone's UTC offset at instant `t` (ms), from Intl's wall-clock reading. */
function offsetAt(timeZone: string, t: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(t))
    if (part.type !== "literal") p[part.type] = Number(part.value);
  const wall = Date.UTC(
    p.year ?? 1970,
    (p.month ?? 1) - 1,
    p.day ?? 1,
    (p.hour ?? 0) % 24,
    p.minute ?? 0,
    p.second ?? 0,
  );
  return wall - Math.floor(t / 1000) * 1000;
}

const HOUR = 3_600_000;
// Per zone and UTC hour, the offset. When the offset is the same at both ends of the hour there
// is no clock change inside it (zones change at most once in months), so every instant in the
// hour is instant + offset; an hour with a change is read from Intl exactly. Routing 500 reps then
// costs a couple of Intl calls per zone per hour instead of 500, and the SLA clock, which walks
// each open assignment's shifts over the past week (sla-clock.ts), reads each hour once.
const hourOffsets = new Map<string, number | null>();
/** Hours remembered before the cache starts over (a week of hours in a few dozen zones). */
const MAX_HOURS = 20_000;

function offsetFor(timeZone: string, t: number): number {
  const hour = Math.floor(t / HOUR);
  const key = `${timeZone}|${hour}`;
  let offset = hourOffsets.get(key);
  if (offset === undefined) {
    const start = offsetAt(timeZone, hour * HOUR);
    const end = offsetAt(timeZone, (hour + 1) * HOUR);
    offset = start === end ? start : null;
    if (hourOffsets.size >= MAX_HOURS) hourOffsets.clear();
    hourOffsets.set(key, offset);
  }
  return offset ?? offsetAt(timeZone, t);
}

const NAMES = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** The wall-clock day and time at `at` in `timeZone`. Throws RangeError for an unknown zone. */
export function localTimeIn(at: Date, timeZone: string): LocalTime {
  const t = at.getTime();
  const wall = new Date(t + offsetFor(timeZone, t));
  const day = (wall.getUTCDay() + 6) % 7;
  const hour = wall.getUTCHours();
  const minute = wall.getUTCMinutes();
  return {
    day,
    minutes: hour * 60 + minute,
    label: `${NAMES[day]} ${String(hour).padStart(2, "0")}:${String(minute).padStart(2, "0")}`,
  };
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":");
  return Number(h) * 60 + Number(m);
}

interface CompiledHours {
  start: number;
  end: number;
  /** Bit d set: works on day d (0 = Monday). */
  mask: number;
  text: string;
}

// Routing checks every rep at every decision; parsing "09:00" and describing the hours once per
// hours object (config objects live as long as the loaded rules) keeps that check cheap.
const compiled = new WeakMap<WorkingHours, CompiledHours>();
function compile(hours: WorkingHours): CompiledHours {
  let c = compiled.get(hours);
  if (!c) {
    let mask = 0;
    for (const d of hours.days) mask |= 1 << DAYS.indexOf(d);
    const idx = [...new Set(hours.days.map((d) => DAYS.indexOf(d)))].sort((a, b) => a - b);
    const contiguous = idx.every((d, i) => i === 0 || d === (idx[i - 1] ?? 0) + 1);
    const days =
      idx.length === 7
        ? "every day"
        : contiguous && idx.length > 2
          ? `${DAYS[idx[0] ?? 0]}–${DAYS[idx[idx.length - 1] ?? 0]}`
          : idx.map((d) => DAYS[d]).join(",");
    c = {
      start: toMinutes(hours.start),
      end: toMinutes(hours.end),
      mask,
      text: `${days} ${hours.start}–${hours.end}`,
    };
    compiled.set(hours, c);
  }
  return c;
}

/**
 * Whether a local time falls inside the working hours. `end` before `start` is an overnight
 * shift (22:00–06:00) that belongs to the day it starts on, so Saturday 02:00 is inside a
 * Friday night shift even when Saturday is not a working day. `start` equal to `end` is the
 * whole day.
 */
export function isWithinHours(local: LocalTime, hours: WorkingHours): boolean {
  const { start, end, mask } = compile(hours);
  const today = (mask >> local.day) & 1;
  if (start === end) return today === 1;
  if (start < end) return today === 1 && local.minutes >= start && local.minutes < end;
  const yesterday = (mask >> ((local.day + 6) % 7)) & 1;
  return (today === 1 && local.minutes >= start) || (yesterday === 1 && local.minutes < end);
}

/** "mon–fri 09:00–17:00" (or the days listed). */
export function describeHours(hours: WorkingHours): string {
  return compile(hours).text;
}

/** Whether `at` is inside the working hours in `timeZone` (convenience for callers and tests). */
export function isWorkingAt(opts: { at: Date; timeZone: string; hours: WorkingHours }): boolean {
  return isWithinHours(localTimeIn(opts.at, opts.timeZone), opts.hours);
}
