// The period parameters shared by the report-like routes: `period`, or `from` and `to`, and `tz`.
import { z } from "zod";
import { type Period, resolvePeriod } from "../core/reporting/period.ts";

export const periodQueryShape = {
  from: z.string().trim().min(1).optional(),
  to: z.string().trim().min(1).optional(),
  period: z.string().trim().min(1).optional(),
  tz: z.string().trim().min(1).optional(),
};

export const periodQuerySchema = z.object(periodQueryShape).strict();

type PeriodQuery = z.infer<typeof periodQuerySchema>;

/** The period a query asks for; `fallback` when it names neither a period nor a range. */
export function periodOfQuery(q: PeriodQuery, now: Date, fallback?: string): Period {
  const noRange = q.from === undefined && q.to === undefined;
  return resolvePeriod({
    from: q.from,
    to: q.to,
    period: q.period ?? (noRange ? fallback : undefined),
    timeZone: q.tz,
    now,
  });
}
