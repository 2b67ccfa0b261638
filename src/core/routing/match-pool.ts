// Pool membership: a pool is a filter over reps, some of it depending on the lead (a pool of
// reps who cover the lead's industry).

import type { LeadFacts } from "../leads/lead-facts.ts";
import { ALL_POOL, type PoolConfig } from "./config.ts";
import type { RoutingRep } from "./types.ts";

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : "");

interface CompiledPool {
  reps: Set<string>;
  exclude: Set<string>;
  industries: Set<string>;
  regions: Set<string>;
  seniority: Set<string>;
  matchIndustry: boolean;
  matchRegion: boolean;
  hasFilter: boolean;
}

// Every decision tests every rep against the route's pools; lower-casing the filters once per
// pool object (they live as long as the loaded rules) keeps that test to a few lookups.
const pools = new WeakMap<PoolConfig, CompiledPool>();
function compile(pool: PoolConfig): CompiledPool {
  let c = pools.get(pool);
  if (!c) {
    c = {
      reps: new Set(pool.reps),
      exclude: new Set(pool.exclude),
      industries: new Set(pool.industries.map(lower)),
      regions: new Set(pool.regions.map(lower)),
      seniority: new Set(pool.seniority.map(lower)),
      matchIndustry: pool.matchLead.includes("industry"),
      matchRegion: pool.matchLead.includes("region"),
      hasFilter:
        pool.industries.length + pool.regions.length + pool.seniority.length + pool.matchLead.length > 0,
    };
    pools.set(pool, c);
  }
  return c;
}

function anyIn(have: readonly string[] | undefined, want: Set<string>): boolean {
  if (!have) return false;
  for (const h of have) if (want.has(lower(h))) return true;
  return false;
}

function covers(have: readonly string[] | undefined, a: string, b = ""): boolean {
  if (!have) return false;
  for (const h of have) {
    const v = lower(h);
    if (v !== "" && (v === a || v === b)) return true;
  }
  return false;
}

/**
 * A rep is a member when not excluded and either listed in `reps`, or matching every attribute
 * filter given (industries / regions / seniority / matchLead). A pool with no list and no
 * filter holds every rep.
 */
export function matchPool(pool: PoolConfig | undefined, rep: RoutingRep, lead: LeadFacts): boolean {
  if (!pool || pool.name === ALL_POOL) return true;
  const c = compile(pool);
  if (c.exclude.has(rep.slackId)) return false;
  if (c.reps.has(rep.slackId)) return true;
  if (!c.hasFilter) return c.reps.size === 0;
  if (c.industries.size > 0 && !anyIn(rep.industries, c.industries)) return false;
  if (c.regions.size > 0 && !anyIn(rep.regions, c.regions)) return false;
  if (c.seniority.size > 0 && !c.seniority.has(lower(rep.seniority))) return false;
  if (c.matchIndustry) {
    const want = lower(lead.industry);
    if (!want || !covers(rep.industries, want)) return false;
  }
  if (c.matchRegion) {
    const region = lower(lead.region);
    const country = lower(lead.country);
    if (!region && !country) return false;
    if (!covers(rep.regions, region || country, country)) return false;
  }
  return true;
}
