// GET /api/report/email?period=|from=&to=&tz=: email engagement by campaign and by segment
// (docs/report.md#email-engagement). Its own file so the report route can grow without it.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { resolvePeriod } from "../core/reporting/period.ts";
import { buildEmailReport } from "../flows/build-email-report.ts";

const querySchema = z
  .object({
    from: z.string().trim().min(1).optional(),
    to: z.string().trim().min(1).optional(),
    period: z.string().trim().min(1).optional(),
    tz: z.string().trim().min(1).optional(),
  })
  .strict();

export function registerEmailReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/report/email", async (req) => {
    const q = querySchema.parse(req.query);
    const now = ctx.now();
    const period = resolvePeriod({ from: q.from, to: q.to, period: q.period, timeZone: q.tz, now });
    return buildEmailReport({ db: ctx.db, period, now });
  });
}
