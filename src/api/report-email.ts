// GET /api/report/email?period=|from=&to=&tz=: email engagement by campaign and by segment
// (docs/report.md#email-engagement). Its own file so the report route can grow without it.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { buildEmailReport } from "../flows/build-email-report.ts";
import { periodOfQuery, periodQuerySchema } from "./period-query.ts";

export function registerEmailReportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/report/email", async (req) => {
    const now = ctx.now();
    const period = periodOfQuery(periodQuerySchema.parse(req.query), now);
    return buildEmailReport({ db: ctx.db, period, now });
  });
}
