// GET /api/report?from=&to=&by=&tz=&compare=previous&trend=N (or ?period=month): the report as JSON; GET
// /api/report/calibration with the same period parameters (default: the year so far).
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { REPORT_DIMENSIONS } from "../core/reporting/types.ts";
import { buildCalibration, CALIBRATION_DEFAULT_PERIOD } from "../flows/build-calibration.ts";
import { buildReport, MAX_TREND } from "../flows/build-report.ts";
import { periodOfQuery, periodQuerySchema, periodQueryShape } from "./period-query.ts";

const reportQuerySchema = z
  .object({
    ...periodQueryShape,
    by: z.enum(REPORT_DIMENSIONS).optional(),
    compare: z.enum(["previous"]).optional(),
    trend: z.coerce.number().int().min(2).max(MAX_TREND).optional(),
  })
  .strict();

export function registerReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/report", async (req) => {
    const q = reportQuerySchema.parse(req.query);
    const now = ctx.now();
    const period = periodOfQuery(q, now);
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
    const now = ctx.now();
    const period = periodOfQuery(periodQuerySchema.parse(req.query), now, CALIBRATION_DEFAULT_PERIOD);
    return buildCalibration({ db: ctx.db, period, thresholds: ctx.rules.scoring.thresholds, now });
  });
}
