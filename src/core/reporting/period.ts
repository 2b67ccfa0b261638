// Report periods: `today`, `week`, `month`, `quarter` or `FROM..TO`, always half-open
// [from, to) and computed in a time zone, so "month" means the manager's month, not UTC's.
import { ValidationError } from "../errors.ts";

export interface Period {
  from: Date;
  to: Date;
  timeZone: string;
  /** What was asked for: `month`, `2025-01-01..2025-02-01`, … */
  label: string;
}

export const NAMED_PERIODS = ["today", "yesterday", "week", "month", "quarter", "year"] as const;
export type NamedPeriod = (typeof NAMED_PERIODS)[number];

/** A calendar day, independent of any time zone. */
export interface LocalDate {
  year: number;
  month: number;
  day: number;
}

const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;
// A full ISO instant must carry its offset: a bare local time would be ambiguous.
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;

export function assertTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone }).format(0);
    return timeZone;
  } catch {
    throw new ValidationError(`Unknown time zone "${timeZone}"`, [
      { field: "tz", message: "must be an IANA time zone such as UTC or America/New_York" },
    ]);
  }
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(timeZone, f);
  }
  return f;
}

function partsOf(instant: Date, timeZone: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(instant)) {
    if (p.type !== "literal") out[p.type] = Number(p.value);
  }
  return out;
}

/** The calendar day an instant falls on in a time zone. */
export function localDateOf(instant: Date, timeZone: string): LocalDate {
  const p = partsOf(instant, timeZone);
  return { year: p.year!, month: p.month!, day: p.day! };
}

/** Offset of the zone from UTC at an instant, in milliseconds (New York in winter: −5 h). */
function offsetAt(instant: number, timeZone: string): number {
  const p = partsOf(new Date(instant), timeZone);
  const asUtc = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/** The instant a calendar day starts in a time zone (00:00 local, or the first valid time on a DST gap). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const wall = Date.UTC(date.year, date.month - 1, date.day);
  // Two passes settle the offset even when the day starts right after a DST change.
  let guess = wall - offsetAt(wall, timeZone);
  guess = wall - offsetAt(guess, timeZone);
  return new Date(guess);
}

/** Adds days or months to a calendar day (Date.UTC normalises overflow such as month 13). */
export function addToDate(
  date: LocalDate,
  { days = 0, months = 0 }: { days?: number; months?: number },
): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1 + months, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

export function formatLocalDate(date: LocalDate): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(date.year, 4)}-${pad(date.month)}-${pad(date.day)}`;
}

function parseLocalDate(text: string): LocalDate | undefined {
  const m = DATE_ONLY.exec(text);
  if (!m) return undefined;
  const date = { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
  // Reject 2025-02-30 rather than silently rolling it into March.
  return formatLocalDate(addToDate(date, {})) === text ? date : undefined;
}

/** A date (`2025-01-31`, local midnight in the zone) or an ISO instant with an offset. */
export function parseBoundary(text: string, timeZone: string, field: string): Date {
  const trimmed = text.trim().toUpperCase();
  const date = parseLocalDate(trimmed);
  if (date) return startOfLocalDay(date, timeZone);
  if (DATE_TIME.test(trimmed)) {
    const instant = new Date(trimmed);
    if (!Number.isNaN(instant.getTime())) return instant;
  }
  throw new ValidationError(`"${text}" is not a date`, [
    { field, message: "must be a date (YYYY-MM-DD) or an ISO-8601 time with an offset" },
  ]);
}

function namedRange(name: NamedPeriod, now: Date, timeZone: string): [LocalDate, LocalDate] {
  const today = localDateOf(now, timeZone);
  switch (name) {
    case "today":
      return [today, addToDate(today, { days: 1 })];
    case "yesterday":
      return [addToDate(today, { days: -1 }), today];
    case "week": {
      // ISO weeks start on Monday.
      const weekday = (new Date(Date.UTC(today.year, today.month - 1, today.day)).getUTCDay() + 6) % 7;
      const monday = addToDate(today, { days: -weekday });
      return [monday, addToDate(monday, { days: 7 })];
    }
    case "month": {
      const first = { ...today, day: 1 };
      return [first, addToDate(first, { months: 1 })];
    }
    case "quarter": {
      const first = { year: today.year, month: Math.floor((today.month - 1) / 3) * 3 + 1, day: 1 };
      return [first, addToDate(first, { months: 3 })];
    }
    case "year": {
      const first = { year: today.year, month: 1, day: 1 };
      return [first, addToDate(first, { months: 12 })];
    }
  }
}

export interface ParsePeriodOptions {
  now: Date;
  timeZone?: string | undefined;
}

/**
 * Parses `today | yesterday | week | month | quarter | year | FROM..TO`. Named periods are the
 * current calendar ones (ISO week from Monday). In `FROM..TO`, TO is excluded:
 * `2025-01-01..2025-02-01` is January.
 */
export function parsePeriod(text: string | undefined, options: ParsePeriodOptions): Period {
  const timeZone = assertTimeZone(options.timeZone ?? "UTC");
  const raw = (text ?? "month").trim();
  const label = raw.toLowerCase();
  if ((NAMED_PERIODS as readonly string[]).includes(label)) {
    const [a, b] = namedRange(label as NamedPeriod, options.now, timeZone);
    return { from: startOfLocalDay(a, timeZone), to: startOfLocalDay(b, timeZone), timeZone, label };
  }
  const range = raw.split("..");
  if (range.length === 2 && range[0] && range[1]) {
    return periodBetween(range[0], range[1], timeZone, raw);
  }
  throw new ValidationError(`Unknown period "${text}"`, [
    {
      field: "period",
      message: `must be one of ${NAMED_PERIODS.join(", ")} or FROM..TO (ISO dates, TO excluded)`,
    },
  ]);
}

/** An explicit [from, to) period from two boundaries (API `from` and `to`). */
export function periodBetween(fromText: string, toText: string, timeZone: string, label?: string): Period {
  assertTimeZone(timeZone);
  const from = parseBoundary(fromText, timeZone, "from");
  const to = parseBoundary(toText, timeZone, "to");
  if (to.getTime() <= from.getTime()) {
    throw new ValidationError("The period ends before it starts", [
      { field: "to", message: "must be after from (the period is [from, to))" },
    ]);
  }
  return { from, to, timeZone, label: label ?? `${fromText}..${toText}` };
}

/** `from` and `to` together, or a named/ranged `period` (default `month`), in `timeZone`. */
export function resolvePeriod(options: {
  from?: string | undefined;
  to?: string | undefined;
  period?: string | undefined;
  timeZone?: string | undefined;
  now: Date;
}): Period {
  const timeZone = assertTimeZone(options.timeZone ?? "UTC");
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined) {
      const missing = options.from === undefined ? "from" : "to";
      throw new ValidationError("Give both from and to, or a period", [
        { field: missing, message: "is required when the other end of the period is given" },
      ]);
    }
    return periodBetween(options.from, options.to, timeZone);
  }
  return parsePeriod(options.period, { now: options.now, timeZone });
}
