// GET /api/report?from=&to=&by=&tz=&compare=previous&trend=N (or ?period=month): the report as JSON; GET
// /api/report/calibration with the same period parameters (default: the year so far).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { resolvePeriod } from "../core/reporting/period.ts";
import { REPORT_DIMENSIONS } from "../core/reporting/types.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../flows/build-calibration.ts";
import { buildReport, MAX_TREND } from "../flows/build-report.ts";

const reportQuerySchema = z
  .object({
    from: z.string().trim().min(1).optional(),
    to: z.string().trim().min(1).optional(),
    period: z.string().trim().min(1).optional(),
    by: z.enum(REPORT_DIMENSIONS).optional(),
    tz: z.string().trim().min(1).optional(),
    compare: z.enum(["previous"]).optional(),
    trend: z.coerce.number().int().min(2).max(MAX_TREND).optional(),
  })
  .strict();

export function registerReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/report", async (req) => {
    const q = reportQuerySchema.parse(req.query);
    const now = ctx.now();
    const period = resolvePeriod({ from: q.from, to: q.to, period: q.period, timeZone: q.tz, now });
    return buildReport({
      db: ctx.db,
      period,
      by: q.by,
      now,
      sources: ctx.rules.sources,
      compare: q.compare,
      trend: q.trend,
    });
  });
  // Conversion by score band and by rule, with suggested thresholds (docs/report.md#calibration).
  app.get("/report/calibration", async (req) => {
    const q = reportQuerySchema.omit({ by: true, compare: true, trend: true }).parse(req.query);
    const now = ctx.now();
    const period = resolvePeriod({
      from: q.from,
      to: q.to,
      period:
        q.period ?? (q.from === undefined && q.to === undefined ? CALIBRATION_DEFAULT_PERIOD : undefined),
      timeZone: q.tz,
      now,
    });
    return buildCalibration({ db: ctx.db, period, thresholds: ctx.rules.scoring.thresholds, now });
  });
}
