// What the routing section of a rules file will do, in plain lines (printed by `config check`):
// when routing runs (core/routing/routing-gate.ts, the rule the live app and `simulate` follow),
// then each route in order with the leads it takes and what happens to them.
import type { Rules } from "../../config/rules.ts";
import type { DefaultRouteConfig, RouteConfig } from "../routing/config.ts";
import { describeCondition } from "../routing/match-route.ts";
import { ROUTABLE_STAGES, ROUTING_MODES } from "../routing/routing-gate.ts";

export function describeRouting(rules: Rules): string[] {
  const r = rules.routing;
  const routes = r.routes.map((x) => `${x.name} (${x.mode}, pool ${x.pool}, ${x.strategy})`);
  const d = r.defaultRoute;
  return [
    `Routing runs whenever an unowned lead is captured or its score, grade or stage changes: the lead is routed ` +
      `the first time the first route it matches has mode ${ROUTING_MODES.join(" or ")}, whatever its stage ` +
      `(${ROUTABLE_STAGES.join(", ")}; never a customer, nurtured or disqualified lead). Once posted for claim, ` +
      "owned or sent to the fallback, it is not routed again.",
    `Routes, first match wins: ${routes.length > 0 ? routes.join("; ") : "none"}; then ${d.name} (${d.mode}).`,
    ...r.routes.map((x) => `  ${x.name}: ${criteria(x)} → ${effect(x, rules)}`),
    `  ${d.name}: any other lead → ${effect(d, rules)}`,
  ];
}

function criteria(route: RouteConfig): string {
  const parts = [
    route.grades.length > 0 ? `grade ${route.grades.join(" or ")}` : null,
    route.stages.length > 0 ? `stage ${route.stages.join(" or ")}` : null,
    route.sources.length > 0 ? `source ${route.sources.join(" or ")}` : null,
    route.segments.length > 0 ? `in segment ${route.segments.join(" or ")}` : null,
    route.when ? describeCondition(route.when) : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? `a lead with ${parts.join(" and ")}` : "every lead";
}

function effect(route: RouteConfig | DefaultRouteConfig, rules: Rules): string {
  const rotation = `${route.strategy} over pool ${route.pool}${route.overflow.length > 0 ? `, then ${route.overflow.join(", ")}` : ""}`;
  if (route.mode === "hold") return "held: not routed, it stays with marketing";
  if (route.mode === "assign") return `assigned at once (${rotation})`;
  const minutes = route.claimWindowMinutes ?? rules.routing.claimWindowMinutes;
  const channel = route.channel ?? "the hot channel";
  return `posted in ${channel} with Claim for ${minutes} min, then assigned if unclaimed (${rotation})`;
}
