// How a rep of leadops.yml becomes the rep routing sees: the file gives identity, skills and the
// round-robin order; availability (away, paused, removed) changes at run time and comes from the
// Rep row when there is one. One mapping, used by live routing and by `simulate` alike, so the two
// cannot disagree on a rep's skills.
import type { RepConfig } from "../../config/rules.ts";
import type { RoutingRep } from "./types.ts";

/** The run-time part of a rep (the Rep row); absent for a rep not yet synced or in simulate. */
export interface RepAvailability {
  active: boolean;
  away: boolean;
  awayUntil: Date | null;
  paused: boolean;
  pausedReason: string | null;
}

export function routingRepOf(rep: RepConfig, availability?: RepAvailability): RoutingRep {
  return {
    slackId: rep.slackId,
    name: rep.name,
    weight: rep.weight,
    capacity: rep.capacity ?? null,
    industries: rep.industries,
    regions: rep.regions,
    seniority: rep.seniority ?? null,
    timezone: rep.timezone ?? null,
    workingHours: rep.workingHours ?? null,
    ...(availability && {
      active: availability.active,
      away: availability.away,
      awayUntil: availability.awayUntil,
      paused: availability.paused,
      pausedReason: availability.pausedReason,
    }),
  };
}
