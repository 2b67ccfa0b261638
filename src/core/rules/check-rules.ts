// `leadops config check`: what a valid rules file will actually do, and where it says something
// the code will not do. A file can pass the schema and still hold a route that never fires
// (a claim or assign route on a stage routing never hands out: core/routing/routing-gate.ts), a pool no rep
// can ever be in, or a key the code does not honour yet. Each finding names the key's path, so
// the caller can give its line. What the routing section does is printed by describe-routing.ts.
import type { Rules } from "../../config/rules.ts";
import { ALL_POOL, type PoolConfig, type RouteConfig } from "../routing/config.ts";
import { matchPool } from "../routing/match-pool.ts";
import { ROUTABLE_STAGES, ROUTING_MODES } from "../routing/routing-gate.ts";
import { routingRepOf } from "../routing/routing-rep.ts";
import type { Condition } from "./conditions.ts";

export interface RulesFinding {
  /** The key's path in the file, e.g. ["routing", "routes", 2, "grades"]. */
  path: (string | number)[];
  message: string;
}

const GRADES = ["cold", "warm", "hot"];
const STAGES = ["lead", "mql", "sql", "customer", "nurture", "disqualified"];
const lower = (xs: readonly string[]) => xs.map((x) => x.toLowerCase());

export function checkRules(rules: Rules): RulesFinding[] {
  return [...checkRoutes(rules), ...checkPools(rules), ...checkSla(rules)];
}

/** SLA overrides are looked up by route name: one for a name no route has never applies. */
function checkSla(rules: Rules): RulesFinding[] {
  const names = new Set([...rules.routing.routes.map((r) => r.name), rules.routing.defaultRoute.name]);
  return Object.keys(rules.sla.routes)
    .filter((name) => !names.has(name))
    .map((name) => ({
      path: ["sla", "routes", name],
      message: `no route is named ${name}: this override never applies`,
    }));
}

function checkRoutes(rules: Rules): RulesFinding[] {
  const out: RulesFinding[] = [];
  const segments = new Set(rules.segments.map((s) => s.name.toLowerCase()));
  let catchAll: string | null = null;
  rules.routing.routes.forEach((route, i) => {
    const at = (...rest: (string | number)[]) => ["routing", "routes", i, ...rest];
    const never = (path: (string | number)[], why: string) =>
      out.push({ path, message: `route ${route.name} can never match: ${why}` });
    if (catchAll !== null) {
      never(at("name"), `route ${catchAll} before it matches every lead`);
      return;
    }
    const routes = ROUTING_MODES.includes(route.mode);
    const unknownStage = route.stages.filter((s) => !STAGES.includes(s.toLowerCase()));
    if (unknownStage.length > 0) never(at("stages"), `no lead has stage ${unknownStage.join(", ")}`);
    else if (routes && route.stages.length > 0 && !lower(route.stages).some((s) => routable.includes(s)))
      out.push({
        path: at("stages"),
        message: `route ${route.name} never fires: ${notRoutable(route.stages)}`,
      });
    const unknownGrade = route.grades.filter((g) => !GRADES.includes(g.toLowerCase()));
    if (unknownGrade.length > 0) never(at("grades"), `no lead has grade ${unknownGrade.join(", ")}`);
    const missing = route.segments.filter((s) => !segments.has(s.toLowerCase()));
    if (missing.length > 0 && missing.length === route.segments.length)
      never(at("segments"), `no segment is named ${missing.join(", ")}`);
    const impossible = route.when ? impossibleWhen(route.when, routes) : null;
    if (impossible) out.push({ path: at("when"), message: `route ${route.name} ${impossible}` });
    if (matchesEveryLead(route)) catchAll = route.name;
  });
  // A hot lead reaches sql and is routed; with no route for it, the default route takes it.
  const d = rules.routing.defaultRoute;
  const hotRoute = rules.routing.routes.some(
    (r) =>
      (r.grades.length === 0 || lower(r.grades).includes("hot")) &&
      (r.stages.length === 0 || lower(r.stages).includes("sql")),
  );
  if (!hotRoute && d.mode === "hold")
    out.push({
      path: ["routing", "routes"],
      message: `no route takes a hot lead: hot leads reach sql and fall to the default route ${d.name}, which holds them`,
    });
  return out;
}

const routable = lower(ROUTABLE_STAGES);

function notRoutable(stages: readonly string[]): string {
  return `routing hands out only leads at stage ${ROUTABLE_STAGES.join(", ")}, and it asks for stage ${stages.join(", ")}`;
}

function matchesEveryLead(route: RouteConfig): boolean {
  return (
    route.grades.length + route.stages.length + route.sources.length + route.segments.length === 0 &&
    route.when === undefined
  );
}

/**
 * Why a `when` can never hold for a lead it could route (leaf conditions, or all of them):
 * a stage no lead has, or, for a claim or assign route, only stages routing never hands out.
 */
function impossibleWhen(c: Condition, routes: boolean): string | null {
  if ("all" in c) {
    for (const part of c.all) {
      const why = impossibleWhen(part, routes);
      if (why) return why;
    }
    return null;
  }
  if ("any" in c || "not" in c) return null;
  if (c.field !== "stage" || (c.op !== "eq" && c.op !== "in")) return null;
  const values = (Array.isArray(c.value) ? c.value : [c.value]).map((v) => String(v).toLowerCase());
  if (!values.some((v) => STAGES.includes(v)))
    return `can never match: its condition asks for stage ${values.join(", ")}, which no lead has`;
  if (routes && !values.some((v) => routable.includes(v))) return `never fires: ${notRoutable(values)}`;
  return null;
}

function checkPools(rules: Rules): RulesFinding[] {
  const out: RulesFinding[] = [];
  const reps = rules.reps.map((r) => routingRepOf(r));
  const declared = new Set(rules.reps.map((r) => r.slackId));
  const routes = [...rules.routing.routes, rules.routing.defaultRoute];
  const used = new Set(routes.flatMap((r) => (r.mode === "hold" ? [] : [r.pool, ...r.overflow])));
  rules.routing.pools.forEach((pool, i) => {
    const at = (...rest: (string | number)[]) => ["routing", "pools", i, ...rest];
    pool.reps.forEach((id, j) => {
      if (!declared.has(id))
        out.push({ path: at("reps", j), message: `${id} is not in reps: routing never sees it` });
    });
    const why = emptyPoolReason(pool, reps);
    if (why) out.push({ path: at("name"), message: `pool ${pool.name} can never have members: ${why}` });
    if (!used.has(pool.name))
      out.push({ path: at("name"), message: `pool ${pool.name} is used by no route that routes` });
  });
  return out;
}

function emptyPoolReason(pool: PoolConfig, reps: ReturnType<typeof routingRepOf>[]): string | null {
  if (pool.name === ALL_POOL) return null;
  if (reps.length === 0) return "reps is empty";
  // Lead-dependent filters are judged by whether any rep could ever cover a lead.
  const anyLead = { industry: null, region: null, country: null };
  const members = reps.filter((rep) => {
    const withoutLead = { ...pool, matchLead: [] };
    if (!matchPool(withoutLead, rep, anyLead)) return false;
    if (
      pool.matchLead.includes("industry") &&
      (rep.industries?.length ?? 0) === 0 &&
      !pool.reps.includes(rep.slackId)
    )
      return false;
    if (
      pool.matchLead.includes("region") &&
      (rep.regions?.length ?? 0) === 0 &&
      !pool.reps.includes(rep.slackId)
    )
      return false;
    return true;
  });
  if (members.length > 0) return null;
  return "no rep in reps matches its reps, industries, regions, seniority and matchLead filters (less exclude)";
}
