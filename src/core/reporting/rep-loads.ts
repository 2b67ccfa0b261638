// The per-rep table and the reps that rotation fairness is measured over.
import type { RepLoadRow } from "./figure-rows.ts";
import type { RepLoad } from "./types.ts";

type ListedRep = RepLoadRow & { wins: number };

/**
 * The reps that are active or have a figure, by Slack id; an owner known only from its wins (no
 * Rep row) is listed too, without a name. `fairnessCounts`: the assignments of the active reps
 * and of any rep assigned in the period.
 */
export function repLoads(
  repRows: readonly RepLoadRow[],
  winsByOwner: ReadonlyMap<string, number>,
): { reps: RepLoad[]; fairnessCounts: number[] } {
  const known = new Set(repRows.map((r) => r.id));
  const wonOnly = [...winsByOwner.keys()].filter((id) => id !== "" && !known.has(id));
  const listed: ListedRep[] = [...repRows, ...wonOnly.map(repWithoutRow)]
    .map((r) => ({ ...r, wins: winsByOwner.get(r.id) ?? 0 }))
    .filter((r) => r.active || r.open_leads > 0 || r.assignments > 0 || r.sla_breaches > 0 || r.wins > 0)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    reps: listed.map((r) => ({
      repSlackId: r.id,
      name: r.name,
      openLeads: r.open_leads,
      assignments: r.assignments,
      claims: r.claims,
      wins: r.wins,
      slaBreaches: r.sla_breaches,
    })),
    fairnessCounts: listed.filter((r) => r.active || r.assignments > 0).map((r) => r.assignments),
  };
}

function repWithoutRow(id: string): RepLoadRow {
  return { id, name: null, active: false, open_leads: 0, assignments: 0, claims: 0, sla_breaches: 0 };
}
