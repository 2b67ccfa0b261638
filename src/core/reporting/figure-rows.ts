// The rows the report's statements return (store/report), as the pure code that shapes them reads
// them. Figures are aggregates, so their columns belong to no model; each statement fills the
// figures it computes and leaves the others out (or NULL).

/** How a row is grouped: the report's groups, its totals, or by owner / source (the wins behind
 * the per-rep table and the source costs). */
export type RowSet = "group" | "total" | "owner" | "source";

/** Every figure of a (s, k) row once the statements' rows are merged; NULL where none had it. */
export interface FigureRow {
  s: RowSet;
  /** The group key; "" for the (none) group and for totals. */
  k: string;
  leads: number | null;
  iql: number | null;
  responded: number | null;
  /** Speed-to-lead median and p90, seconds. */
  stl_pcts: (number | null)[] | null;
  within_hour: number | null;
  stl_due: number | null;
  mql: number | null;
  sql: number | null;
  free_trial: number | null;
  wins: number | null;
  customers: number | null;
  total_sales: number | null;
  priced_wins: number | null;
  cycle_median: number | null;
  lifetime_purchases: number | null;
  sla_breaches: number | null;
}

/** The lead figures (leads created, IQL, speed-to-lead, MQL, SQL, free trials) of one row. */
export type LeadFigureRow = Pick<
  FigureRow,
  | "s"
  | "k"
  | "leads"
  | "iql"
  | "responded"
  | "stl_pcts"
  | "within_hour"
  | "stl_due"
  | "mql"
  | "sql"
  | "free_trial"
>;

/** The outcome figures (wins, sales, sales cycle, lifetime purchases, SLA breaches) of one row. */
export type OutcomeFigureRow = Pick<
  FigureRow,
  | "s"
  | "k"
  | "wins"
  | "customers"
  | "total_sales"
  | "priced_wins"
  | "cycle_median"
  | "lifetime_purchases"
  | "sla_breaches"
>;

/** Leads created in the period of one source (`s` = "source"). */
export type SourceLeadsRow = Pick<FigureRow, "s" | "k" | "leads">;

/** A rep (or an id with assignments, breaches or open leads) and its load in the period. */
export interface RepLoadRow {
  id: string;
  name: string | null;
  active: boolean;
  open_leads: number;
  assignments: number;
  claims: number;
  sla_breaches: number;
}

/** A source's spend and visitors over the inputs lying inside the period's days. */
export interface SourceInputRow {
  k: string;
  spend: number | null;
  visitors: number | null;
  currencies: number;
  currency: string | null;
}

const NULL_ROW: FigureRow = {
  s: "group",
  k: "",
  leads: null,
  iql: null,
  responded: null,
  stl_pcts: null,
  within_hour: null,
  stl_due: null,
  mql: null,
  sql: null,
  free_trial: null,
  wins: null,
  customers: null,
  total_sales: null,
  priced_wins: null,
  cycle_median: null,
  lifetime_purchases: null,
  sla_breaches: null,
};

/**
 * Merges the rows of the statements by (s, k), as a FULL JOIN on (s, k) would: each row sets
 * the figures it has (non-NULL) and a figure no row has stays NULL.
 */
export function mergeFigureRows(parts: readonly (readonly Partial<FigureRow>[])[]): FigureRow[] {
  const rows = new Map<string, FigureRow>();
  for (const part of parts) {
    for (const r of part) {
      const s = r.s ?? "group";
      const k = r.k ?? "";
      const id = `${s}\u0000${k}`;
      let row = rows.get(id);
      if (!row) {
        row = { ...NULL_ROW, s, k };
        rows.set(id, row);
      }
      for (const [name, value] of Object.entries(r)) {
        if (value !== null && value !== undefined) Object.assign(row, { [name]: value });
      }
    }
  }
  return [...rows.values()];
}

/** A group with nothing in the period: every count 0, every median and sum NULL. */
export function emptyFigureRow(k: string): FigureRow {
  return {
    s: "group",
    k,
    leads: 0,
    iql: 0,
    responded: 0,
    stl_pcts: null,
    within_hour: 0,
    stl_due: 0,
    mql: 0,
    sql: 0,
    free_trial: 0,
    wins: 0,
    customers: 0,
    total_sales: null,
    priced_wins: 0,
    cycle_median: null,
    lifetime_purchases: 0,
    sla_breaches: 0,
  };
}
