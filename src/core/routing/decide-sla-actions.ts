// SLA timers on open assignments with no first response yet. Pure and idempotent: given the
// `nudgedAt` / `breachedAt` / `endedAt` the caller recorded after acting on the previous run,
// each action comes out exactly once however often the job ticks (and a late tick after
// downtime catches up in one go rather than replaying every step).
import type { SlaConfig } from "./config.ts";
import {
  breachCountsTowardPause,
  type SlaClock,
  slaDeadline,
  slaMinutesBetween,
  WALL_CLOCK,
} from "./sla-clock.ts";

export interface SlaAssignment {
  id: string;
  leadId: string;
  /** null when the lead went to a fallback channel: nobody to nudge, but it can breach and re-route. */
  repSlackId: string | null;
  route: string | null;
  createdAt: Date | string;
  /** The lead's first response (claim counts as one only if the caller says so). */
  firstResponseAt?: Date | string | null;
  nudgedAt?: Date | string | null;
  breachedAt?: Date | string | null;
  endedAt?: Date | string | null;
  /** SLA re-routes this lead already had (earlier Assignment rows with method sla_reroute). */
  reroutes?: number;
}

export interface SlaAction {
  assignmentId: string;
  leadId: string;
  repSlackId: string | null;
  route: string | null;
  /** SLA minutes since assignment without a first response (on the owner's SLA clock). */
  minutesWaiting: number;
  /**
   * Whether this breach (or the re-route that goes with it) counts toward the owner's auto-pause:
   * false when its deadline fell outside their working hours (sla-clock.ts).
   */
  countsTowardPause: boolean;
}

export interface SlaActions {
  /** DM the owner; record `nudgedAt`. */
  nudge: SlaAction[];
  /** Route to the next eligible rep excluding the owner (routeLead with trigger `sla_reroute`); end this assignment. */
  reroute: SlaAction[];
  /** Tell managers; record `breachedAt`. A re-routed assignment is always also a breach. */
  breach: SlaAction[];
}

const time = (v: Date | string | null | undefined) =>
  v === null || v === undefined ? null : v instanceof Date ? v.getTime() : Date.parse(v);

/** Timers for a route: the route's overrides over the section's values. */
export function slaTimersFor(config: SlaConfig, route: string | null) {
  const o = (route !== null ? config.routes[route] : undefined) ?? {};
  const nudge = o.nudgeMinutes !== undefined ? o.nudgeMinutes : config.nudgeMinutes;
  const reroute = o.rerouteMinutes !== undefined ? o.rerouteMinutes : config.rerouteMinutes;
  const breachSet = o.breachMinutes !== undefined ? o.breachMinutes : config.breachMinutes;
  return {
    nudgeMinutes: nudge,
    rerouteMinutes: reroute,
    breachMinutes: breachSet === undefined ? reroute : breachSet,
    maxReroutes: o.maxReroutes ?? config.maxReroutes,
  };
}

export function decideSlaActions(opts: {
  assignments: readonly SlaAssignment[];
  now: Date;
  config: SlaConfig;
  /** Each owner's SLA clock (ownerSlaClocks in sla-clock.ts); an owner not in it, or none: the wall clock. */
  clocks?: ReadonlyMap<string, SlaClock>;
}): SlaActions {
  const out: SlaActions = { nudge: [], reroute: [], breach: [] };
  for (const a of opts.assignments) {
    if (time(a.endedAt) !== null || time(a.firstResponseAt) !== null) continue;
    const created = time(a.createdAt);
    if (created === null || Number.isNaN(created)) continue;
    const clock = (a.repSlackId !== null ? opts.clocks?.get(a.repSlackId) : undefined) ?? WALL_CLOCK;
    const start = new Date(created);
    const waited = slaMinutesBetween({ start, end: opts.now, clock });
    const t = slaTimersFor(opts.config, a.route);
    const limits = [t.breachMinutes, t.rerouteMinutes].filter((m): m is number => m !== null);
    const breachAt = limits.length > 0 ? slaDeadline({ start, minutes: Math.min(...limits), clock }) : null;
    const action: SlaAction = {
      assignmentId: a.id,
      leadId: a.leadId,
      repSlackId: a.repSlackId,
      route: a.route,
      minutesWaiting: Math.floor(waited),
      countsTowardPause: breachAt === null || breachCountsTowardPause({ at: breachAt, clock }),
    };
    const rerouteDue =
      t.rerouteMinutes !== null && waited >= t.rerouteMinutes && (a.reroutes ?? 0) < t.maxReroutes;
    const breachDue =
      (t.breachMinutes !== null && waited >= t.breachMinutes) ||
      (t.rerouteMinutes !== null && waited >= t.rerouteMinutes);
    if (rerouteDue) out.reroute.push(action);
    if (breachDue && time(a.breachedAt) === null) out.breach.push(action);
    // Nudging an owner in the same tick the lead is taken from them would only confuse them.
    if (
      !rerouteDue &&
      a.repSlackId !== null &&
      t.nudgeMinutes !== null &&
      waited >= t.nudgeMinutes &&
      time(a.nudgedAt) === null
    )
      out.nudge.push(action);
  }
  return out;
}
