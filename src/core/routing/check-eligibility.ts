// Whether a rep may take a lead right now, and every reason they may not. All reasons are
// collected (not just the first) so "away, and at capacity 5/5" is visible in one explanation.
import type { WorkingHours } from "./config.ts";
import type { RoutingRep, SkipReason } from "./types.ts";
import { describeHours, isWithinHours, type LocalTime, localTimeIn } from "./working-hours.ts";

export interface EligibilityDefaults {
  timezone: string;
  workingHours: WorkingHours | null;
}

export interface Eligibility {
  eligible: boolean;
  reasons: SkipReason[];
  /** The rep's local time ("Tue 09:12"), when they have working hours. */
  localTime: string | null;
}

/**
 * Away rule: `awayUntil`, when set, decides alone (away until that instant, back after it,
 * whatever the flag says), so "/leads away until Friday" ends by itself; without it the
 * `away` flag means away until "/leads back".
 */
export function isAway(rep: RoutingRep, now: Date): { away: boolean; until: string | null } {
  if (rep.awayUntil !== undefined && rep.awayUntil !== null) {
    const until = rep.awayUntil instanceof Date ? rep.awayUntil : new Date(rep.awayUntil);
    if (!Number.isNaN(until.getTime())) return { away: until > now, until: until.toISOString() };
  }
  return { away: rep.away === true, until: null };
}

export function checkEligibility(opts: {
  rep: RoutingRep;
  openCount: number;
  now: Date;
  defaults: EligibilityDefaults;
  /** A claim is made by someone at their desk, so working hours do not apply to it. */
  ignoreWorkingHours?: boolean;
  /** Local times already computed for this `now`, by zone (one Intl call per zone per decision). */
  localTimes?: Map<string, LocalTime | null>;
}): Eligibility {
  const { rep, openCount, now, defaults } = opts;
  const reasons: SkipReason[] = [];
  if (rep.active === false) reasons.push({ code: "inactive" });
  if (rep.paused) reasons.push({ code: "paused", reason: rep.pausedReason ?? null });
  if (rep.away || (rep.awayUntil !== undefined && rep.awayUntil !== null)) {
    const away = isAway(rep, now);
    if (away.away) reasons.push({ code: "away", until: away.until });
  }
  if (rep.capacity !== undefined && rep.capacity !== null && openCount >= rep.capacity)
    reasons.push({ code: "at_capacity", open: openCount, capacity: rep.capacity });

  let localTime: string | null = null;
  const hours = rep.workingHours ?? defaults.workingHours;
  if (hours) {
    const timezone = rep.timezone || defaults.timezone;
    let local = opts.localTimes?.get(timezone);
    if (local === undefined) {
      try {
        local = localTimeIn(now, timezone);
      } catch {
        local = null;
      }
      opts.localTimes?.set(timezone, local);
    }
    if (local === null) {
      // An unknown zone cannot be checked; saying so beats guessing UTC and routing at 3 a.m.
      reasons.push({ code: "invalid_timezone", timezone });
    } else {
      localTime = local.label;
      if (!opts.ignoreWorkingHours && !isWithinHours(local, hours))
        reasons.push({
          code: "outside_hours",
          localTime: local.label,
          timezone,
          hours: describeHours(hours),
        });
    }
  }
  return { eligible: reasons.length === 0, reasons, localTime };
}
