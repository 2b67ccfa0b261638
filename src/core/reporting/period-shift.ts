// The periods before a report's period, for `compare=previous` and `trend=N`: a calendar month is
// compared with the calendar month before it (not "the 30 days before"), a week with the week
// before, and a FROM..TO range of whole local days with the same number of days just before it.
import {
  addToDate,
  formatLocalDate,
  type LocalDate,
  localDateOf,
  NAMED_PERIODS,
  type NamedPeriod,
  type Period,
  startOfLocalDay,
} from "./period.ts";

const MONTHS: Partial<Record<NamedPeriod, number>> = { month: 1, quarter: 3, year: 12 };
const DAYS: Partial<Record<NamedPeriod, number>> = { today: 1, yesterday: 1, week: 7 };

function isNamed(label: string): label is NamedPeriod {
  return (NAMED_PERIODS as readonly string[]).includes(label);
}

function sameLocalInstant(instant: Date, date: LocalDate, timeZone: string): boolean {
  return startOfLocalDay(date, timeZone).getTime() === instant.getTime();
}

type Step = { months: number } | { days: number } | { ms: number };

/** How far back the period before `p` starts: a calendar unit, a number of local days, or milliseconds. */
function stepOf(p: Period): Step {
  const first = localDateOf(p.from, p.timeZone);
  const last = localDateOf(p.to, p.timeZone);
  const wholeDays = sameLocalInstant(p.from, first, p.timeZone) && sameLocalInstant(p.to, last, p.timeZone);
  if (!wholeDays) return { ms: p.to.getTime() - p.from.getTime() };
  if (isNamed(p.label)) {
    const months = MONTHS[p.label];
    return months ? { months } : { days: DAYS[p.label] ?? 1 };
  }
  const utcDay = (d: LocalDate) => Date.UTC(d.year, d.month - 1, d.day);
  return { days: Math.round((utcDay(last) - utcDay(first)) / 86_400_000) };
}

function before(p: Period, step: Step): Period {
  const { timeZone } = p;
  if ("ms" in step) {
    const from = new Date(p.from.getTime() - step.ms);
    return { from, to: p.from, timeZone, label: `${from.toISOString()}..${p.from.toISOString()}` };
  }
  const first = localDateOf(p.from, timeZone);
  const start =
    "months" in step ? addToDate(first, { months: -step.months }) : addToDate(first, { days: -step.days });
  return {
    from: startOfLocalDay(start, timeZone),
    to: p.from,
    timeZone,
    label: `${formatLocalDate(start)}..${formatLocalDate(first)}`,
  };
}

/** The period of the same length just before `p`, labelled with its dates. */
export function previousPeriod(p: Period): Period {
  return before(p, stepOf(p));
}

/** `n` consecutive periods ending with `p`, oldest first (n ≥ 1), each one step of `p`'s kind back. */
export function periodsEndingWith(p: Period, n: number): Period[] {
  const step = stepOf(p);
  const out = [p];
  while (out.length < n) out.unshift(before(out[0]!, step));
  return out;
}
