// GET /api/report?from=&to=&by=&tz= (or ?period=month): the report as JSON.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { resolvePeriod } from "../core/reporting/period.ts";
import { REPORT_DIMENSIONS } from "../core/reporting/types.ts";
import { buildReport } from "../flows/build-report.ts";

const reportQuerySchema = z
  .object({
    from: z.string().trim().min(1).optional(),
    to: z.string().trim().min(1).optional(),
    period: z.string().trim().min(1).optional(),
    by: z.enum(REPORT_DIMENSIONS).optional(),
    tz: z.string().trim().min(1).optional(),
  })
  .strict();

export function registerReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/report", async (req) => {
    const q = reportQuerySchema.parse(req.query);
    const now = ctx.now();
    const period = resolvePeriod({ from: q.from, to: q.to, period: q.period, timeZone: q.tz, now });
    return buildReport({ db: ctx.db, period, by: q.by, now, sources: ctx.rules.sources });
  });
}
