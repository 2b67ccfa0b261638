// The managers' daily digest: which day it covers, and its figures from the counts read for it.
import { addToDate, formatLocalDate, localDateOf, startOfLocalDay } from "./period.ts";
import { round2 } from "./round.ts";

export interface DigestFigures {
  /** The day summarised, YYYY-MM-DD in `timeZone`. */
  day: string;
  timeZone: string;
  from: string;
  to: string;
  newLeads: number;
  /** Leads that became hot that day (grade transition, or created hot). */
  hotLeads: number;
  /** Hot leads with no owner right now. */
  unclaimed: number;
  slaBreaches: number;
  wins: number;
  wonAmount: number;
}

/** The counts of one day, as the digest statement returns them. */
export interface DigestCounts {
  new_leads: number;
  hot_leads: number;
  unclaimed: number;
  sla_breaches: number;
  wins: number;
  won_amount: number;
}

export interface DigestDay {
  /** YYYY-MM-DD in `timeZone`. */
  day: string;
  timeZone: string;
  /** The day's first instant and the next day's, [from, to). */
  from: Date;
  to: Date;
}

/** Yesterday, in `timeZone`, as seen at `now`. */
export function digestDay(now: Date, timeZone: string): DigestDay {
  const today = localDateOf(now, timeZone);
  const yesterday = addToDate(today, { days: -1 });
  return {
    day: formatLocalDate(yesterday),
    timeZone,
    from: startOfLocalDay(yesterday, timeZone),
    to: startOfLocalDay(today, timeZone),
  };
}

/** The digest of `day`; no counts (no row) gives zeros. The won amount is rounded to cents. */
export function digestFigures(day: DigestDay, counts: DigestCounts | undefined): DigestFigures {
  return {
    day: day.day,
    timeZone: day.timeZone,
    from: day.from.toISOString(),
    to: day.to.toISOString(),
    newLeads: counts?.new_leads ?? 0,
    hotLeads: counts?.hot_leads ?? 0,
    unclaimed: counts?.unclaimed ?? 0,
    slaBreaches: counts?.sla_breaches ?? 0,
    wins: counts?.wins ?? 0,
    wonAmount: round2(Number(counts?.won_amount ?? 0)),
  };
}
