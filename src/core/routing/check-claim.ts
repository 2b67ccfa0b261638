// Who may press Claim: an eligible member of the route's pools. Working hours do not apply
// (the rep pressing the button is evidently at work); away, paused, capacity and pool do.
// The claim race itself (first one wins) is the caller's conditional update.

import type { LeadFacts } from "../leads/lead-facts.ts";
import { checkEligibility } from "./check-eligibility.ts";
import { ALL_POOL, type PoolConfig, type RoutingConfig } from "./config.ts";
import { matchPool } from "./match-pool.ts";
import { matchRoute } from "./match-route.ts";
import type { RoutingRep, SkipReason } from "./types.ts";

export type ClaimCheck = { ok: true; pool: string } | { ok: false; reasons: SkipReason[] };

export function checkClaim(opts: {
  lead: LeadFacts;
  segments: readonly string[];
  config: RoutingConfig;
  rep: RoutingRep | undefined;
  openCount: number;
  now: Date;
}): ClaimCheck {
  const { lead, segments, config, rep, openCount, now } = opts;
  const match = matchRoute({ lead, segments, config });
  if (!rep) return { ok: false, reasons: [{ code: "not_in_pool", pools: match.pools }] };
  const pool = match.pools.find((name) =>
    matchPool(config.pools.find((p) => p.name === name) ?? ({ name: ALL_POOL } as PoolConfig), rep, lead),
  );
  if (pool === undefined) return { ok: false, reasons: [{ code: "not_in_pool", pools: match.pools }] };
  const check = checkEligibility({
    rep,
    openCount,
    now,
    defaults: { timezone: config.defaultTimezone, workingHours: config.defaultWorkingHours },
    ignoreWorkingHours: true,
  });
  return check.eligible ? { ok: true, pool } : { ok: false, reasons: check.reasons };
}
