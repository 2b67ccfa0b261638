// First-match route selection. Routes are tried in file order; the first whose criteria all
// hold wins, and the default route catches the rest, so every lead has exactly one route.

import type { LeadFacts } from "../leads/lead-facts.ts";
import { type Condition, evaluateCondition, type Facts } from "../rules/conditions.ts";
import type { DefaultRouteConfig, RouteConfig, RoutingConfig } from "./config.ts";

export interface MatchedRoute {
  route: RouteConfig | DefaultRouteConfig;
  /** Index in `routing.routes`; null for the default route. */
  index: number | null;
  isDefault: boolean;
  /** The criteria that matched, as short text ("grade is hot"). */
  matched: string[];
  /** Primary pool then overflow pools, without repeats: the FairnessLedger/RoutingCursor rows to lock. */
  pools: string[];
}

const lower = (v: unknown) => (typeof v === "string" ? v.toLowerCase() : v);
const oneOf = (value: unknown, options: string[]) =>
  typeof value === "string" && options.some((o) => o.toLowerCase() === value.toLowerCase());

/** "industry eq saas" style text for a condition, for explanations. */
export function describeCondition(c: Condition): string {
  if ("all" in c) return c.all.map(describeCondition).join(" and ");
  if ("any" in c) return `(${c.any.map(describeCondition).join(" or ")})`;
  if ("not" in c) return `not (${describeCondition(c.not)})`;
  if (c.op === "exists") return `${c.field} is set`;
  const v = Array.isArray(c.value) ? `[${c.value.join(", ")}]` : String(c.value);
  const op: Record<string, string> = { eq: "is", neq: "is not", gte: "≥", lte: "≤" };
  return `${c.field} ${op[c.op] ?? c.op} ${v}`;
}

/** The facts a route's `when` sees: the lead's fields plus its segments. */
export function routeFacts(lead: LeadFacts, segments: readonly string[]): Facts {
  return { ...lead, segments: [...segments] };
}

function criteria(route: RouteConfig, lead: LeadFacts, segments: readonly string[], facts: () => Facts) {
  const matched: string[] = [];
  if (route.grades.length > 0) {
    if (!oneOf(lead.grade, route.grades)) return null;
    matched.push(`grade is ${lead.grade}`);
  }
  if (route.stages.length > 0) {
    if (!oneOf(lead.stage, route.stages)) return null;
    matched.push(`stage is ${lead.stage}`);
  }
  if (route.sources.length > 0) {
    if (!oneOf(lead.source, route.sources)) return null;
    matched.push(`source is ${lead.source}`);
  }
  if (route.segments.length > 0) {
    const hit = route.segments.find((s) => segments.some((m) => lower(m) === s.toLowerCase()));
    if (hit === undefined) return null;
    matched.push(`in segment ${hit}`);
  }
  if (route.when) {
    if (!evaluateCondition(route.when, facts())) return null;
    matched.push(describeCondition(route.when));
  }
  if (matched.length === 0) matched.push("matches every lead");
  return matched;
}

export function matchRoute(opts: {
  lead: LeadFacts;
  segments: readonly string[];
  config: RoutingConfig;
}): MatchedRoute {
  const { lead, segments, config } = opts;
  let facts: Facts | undefined;
  const getFacts = () => {
    facts ??= routeFacts(lead, segments);
    return facts;
  };
  for (let i = 0; i < config.routes.length; i++) {
    const route = config.routes[i] as RouteConfig;
    const matched = criteria(route, lead, segments, getFacts);
    if (matched) return { route, index: i, isDefault: false, matched, pools: poolsOf(route) };
  }
  const route = config.defaultRoute;
  return {
    route,
    index: null,
    isDefault: true,
    matched: ["no route matched: default"],
    pools: poolsOf(route),
  };
}

function poolsOf(route: { pool: string; overflow: string[] }): string[] {
  return [...new Set([route.pool, ...route.overflow])];
}
