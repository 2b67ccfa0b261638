// Pool membership: a pool is a filter over reps, some of it depending on the lead (a pool of
// reps who cover the lead's industry).
import { ALL_POOL, type PoolConfig } from "./config.ts";
import type { LeadFacts, RoutingRep } from "./types.ts";

const lower = (v: unknown) => (typeof v === "string" ? v.trim().toLowerCase() : "");
const anyIn = (have: string[] | undefined, want: string[]) => {
  if (!have || have.length === 0) return false;
  for (const h of have) if (want.includes(lower(h))) return true;
  return false;
};

/**
 * A rep is a member when not excluded and either listed in `reps`, or matching every attribute
 * filter given (industries / regions / seniority / matchLead). A pool with no list and no
 * filter holds every rep.
 */
export function matchPool(pool: PoolConfig | undefined, rep: RoutingRep, lead: LeadFacts): boolean {
  if (!pool || pool.name === ALL_POOL) return true;
  if (pool.exclude.includes(rep.slackId)) return false;
  if (pool.reps.includes(rep.slackId)) return true;
  const hasFilter =
    pool.industries.length > 0 ||
    pool.regions.length > 0 ||
    pool.seniority.length > 0 ||
    pool.matchLead.length > 0;
  if (!hasFilter) return pool.reps.length === 0;
  if (pool.industries.length > 0 && !anyIn(rep.industries, pool.industries.map(lower))) return false;
  if (pool.regions.length > 0 && !anyIn(rep.regions, pool.regions.map(lower))) return false;
  if (pool.seniority.length > 0 && !pool.seniority.includes(rep.seniority as never)) return false;
  for (const key of pool.matchLead) {
    if (key === "industry") {
      const want = lower(lead.industry);
      if (!want || !anyIn(rep.industries, [want])) return false;
    } else {
      const want = [lower(lead.region), lower(lead.country)].filter(Boolean);
      if (want.length === 0 || !anyIn(rep.regions, want)) return false;
    }
  }
  return true;
}
