// Shared test builders for routing: reps, an empty state, a parsed config.
import { type RoutingConfig, routingConfigSchema } from "../../../../src/core/routing/config.ts";
import type { RoutingRep, RoutingState } from "../../../../src/core/routing/types.ts";

export function rep(n: number, extra: Partial<RoutingRep> = {}): RoutingRep {
  return { slackId: `U${String(n).padStart(3, "0")}`, name: `Rep ${n}`, ...extra };
}

export function team(k: number, extra: (i: number) => Partial<RoutingRep> = () => ({})): RoutingRep[] {
  return Array.from({ length: k }, (_, i) => rep(i + 1, extra(i)));
}

export function emptyState(): RoutingState {
  return { cursor: {}, ledger: {}, openCounts: {}, stats: {} };
}

export function config(input: Record<string, unknown> = {}): RoutingConfig {
  return routingConfigSchema.parse(input);
}

/** Everything assigned at once over every rep, with the given strategy. */
export function assignAll(strategy: string, extra: Record<string, unknown> = {}): RoutingConfig {
  return config({ routes: [], defaultRoute: { mode: "assign", strategy }, ...extra });
}

export const hotSql = { id: "L1", grade: "hot", stage: "sql" };
export const NOW = new Date("2026-03-11T15:00:00Z"); // a Wednesday
