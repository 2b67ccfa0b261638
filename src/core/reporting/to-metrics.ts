// One row of figures (a group or the totals) as the report's metrics. Formulas: docs/report.md.
import type { FigureRow } from "./figure-rows.ts";
import { emptyFigureRow } from "./figure-rows.ts";
import { ratio, round2, wholeSeconds } from "./round.ts";
import type { ReportMetrics, SourceCosts } from "./types.ts";

/** The totals' cost inputs: summed over the sources that have them (see totalCosts). */
export interface CostInputs {
  spend: number | null;
  visitors: number | null;
  /** Leads and wins of the sources that have spend / visitors (the denominators). */
  leadsWithSpend: number;
  winsWithSpend: number;
  leadsWithVisitors: number;
}

/** A group by source takes its source's costs; the totals take the summed inputs; others none. */
export function toMetrics(row: FigureRow | undefined, costs?: SourceCosts | CostInputs): ReportMetrics {
  const r = row ?? emptyFigureRow("");
  const n = (v: number | null) => Number(v ?? 0);
  const leads = n(r.leads);
  const wins = n(r.wins);
  const customers = n(r.customers);
  const pricedWins = n(r.priced_wins);
  const averageDealSize = pricedWins > 0 ? ratio(n(r.total_sales), pricedWins) : null;
  const purchasesPerCustomer = ratio(n(r.lifetime_purchases), customers);
  const clv =
    averageDealSize === null || purchasesPerCustomer === null
      ? null
      : round2((n(r.total_sales) / pricedWins) * (n(r.lifetime_purchases) / customers));
  const { spend, visitors, optInRatePct, costPerLead, costPerSale } = costFigures(costs);
  return {
    leads,
    iql: n(r.iql),
    mql: n(r.mql),
    sql: n(r.sql),
    freeTrial: n(r.free_trial),
    customers,
    wins,
    visitors,
    spend,
    optInRatePct,
    salesConversionRatePct: ratio(wins, leads, 100),
    totalSales: round2(n(r.total_sales)),
    averageDealSize,
    purchasesPerCustomer,
    customerLifetimeValue: clv,
    salesCycleMedianSeconds: wholeSeconds(r.cycle_median),
    costPerLead,
    costPerSale,
    speedToLead: {
      responded: n(r.responded),
      medianSeconds: wholeSeconds(r.stl_pcts?.[0] ?? null),
      p90Seconds: wholeSeconds(r.stl_pcts?.[1] ?? null),
      withinOneHourPct: ratio(n(r.within_hour), n(r.stl_due), 100),
    },
    slaBreaches: n(r.sla_breaches),
  };
}

type CostFigures = Pick<ReportMetrics, "spend" | "visitors" | "costPerLead" | "costPerSale" | "optInRatePct">;

function costFigures(costs: SourceCosts | CostInputs | undefined): CostFigures {
  if (!costs)
    return { spend: null, visitors: null, costPerLead: null, costPerSale: null, optInRatePct: null };
  if ("leadsWithSpend" in costs) {
    return {
      spend: costs.spend,
      visitors: costs.visitors,
      costPerLead: ratio(costs.spend, costs.leadsWithSpend),
      costPerSale: ratio(costs.spend, costs.winsWithSpend),
      optInRatePct: ratio(costs.leadsWithVisitors, costs.visitors, 100),
    };
  }
  const { spend, visitors, costPerLead, costPerSale, optInRatePct } = costs;
  return { spend, visitors, costPerLead, costPerSale, optInRatePct };
}
