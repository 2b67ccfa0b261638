// Spend, visitors and the ratios built on them, per source and for the totals.
import type { FigureRow, SourceInputRow } from "./figure-rows.ts";
import { ratio, round2 } from "./round.ts";
import type { CostInputs } from "./to-metrics.ts";
import type { SourceCosts } from "./types.ts";

export interface SourceCount {
  /** The source; "" for leads without one. */
  k: string;
  leads: number;
  wins: number;
}

/**
 * Each source's leads and wins in the period, from the "source" rows (leads and wins) or, when
 * the report is grouped by source, the groups' leads with the "source" rows' wins. Sources with
 * neither are left out (sourceCosts adds back those with inputs).
 */
export function sourceCounts(leadRows: readonly FigureRow[], winRows: readonly FigureRow[]): SourceCount[] {
  const leadsOf = new Map(leadRows.map((r) => [r.k, r.leads ?? 0]));
  const winsOf = new Map(winRows.map((r) => [r.k, r.wins ?? 0]));
  return [...new Set([...leadsOf.keys(), ...winsOf.keys()])]
    .map((k) => ({ k, leads: leadsOf.get(k) ?? 0, wins: winsOf.get(k) ?? 0 }))
    .filter((r) => r.leads > 0 || r.wins > 0);
}

/**
 * One entry per source with leads, wins or inputs; most leads first. A source with no spend input
 * for the period but a `costPerLead` in leadops.yml (`sources.<name>.costPerLead`) is costed at
 * that price: spend = costPerLead × its leads. A spend input, when given, always wins.
 */
export function sourceCosts(
  counts: readonly SourceCount[],
  inputs: ReadonlyMap<string, SourceInputRow>,
  costPerLead: ReadonlyMap<string, number> = new Map(),
): SourceCosts[] {
  const keys = new Set([...counts.map((c) => c.k), ...inputs.keys()]);
  const byKey = new Map(counts.map((c) => [c.k, c]));
  const rows: SourceCosts[] = [...keys].map((k) => {
    const c = byKey.get(k);
    const input = inputs.get(k);
    const leads = Number(c?.leads ?? 0);
    const wins = Number(c?.wins ?? 0);
    const price = k === "" ? undefined : costPerLead.get(k);
    const spend = input?.spend ?? (price !== undefined ? price * leads : null);
    const visitors = input?.visitors ?? null;
    return {
      source: k === "" ? null : k,
      leads,
      wins,
      spend: spend === null ? null : round2(spend),
      currency: input ? (input.currencies > 1 ? "mixed" : input.currency) : null,
      visitors,
      optInRatePct: ratio(leads, visitors, 100),
      costPerLead: ratio(spend, leads),
      costPerSale: ratio(spend, wins),
    };
  });
  return rows.sort((a, b) => b.leads - a.leads || String(a.source).localeCompare(String(b.source)));
}

/** `sources.<name>.costPerLead` of leadops.yml, for the sources that set it. */
export function costPerLeadOf(
  sources: Readonly<Record<string, { costPerLead?: number | undefined }>>,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, s] of Object.entries(sources))
    if (s.costPerLead !== undefined) out.set(name, s.costPerLead);
  return out;
}

/** Totals use only the sources that have the input, so a source without spend does not lower cost per lead. */
export function totalCosts(sources: readonly SourceCosts[]): CostInputs {
  const withSpend = sources.filter((s) => s.spend !== null);
  const withVisitors = sources.filter((s) => s.visitors !== null);
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  return {
    spend: withSpend.length ? round2(sum(withSpend.map((s) => s.spend ?? 0))) : null,
    visitors: withVisitors.length ? sum(withVisitors.map((s) => s.visitors ?? 0)) : null,
    leadsWithSpend: sum(withSpend.map((s) => s.leads)),
    winsWithSpend: sum(withSpend.map((s) => s.wins)),
    leadsWithVisitors: sum(withVisitors.map((s) => s.leads)),
  };
}
