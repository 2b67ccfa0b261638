// GET /api/export?period=month (or from=&to=), &tz=: the leads created in the period as CSV,
// streamed batch by batch as `leadops export` writes it (no export is held in memory).
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { streamLeadsCsv } from "../flows/export-leads.ts";
import { periodOfQuery, periodQuerySchema } from "./period-query.ts";

export function registerExportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/export", async (req, reply) => {
    const period = periodOfQuery(periodQuerySchema.parse(req.query), ctx.now());
    const csv = Readable.from(streamLeadsCsv({ db: ctx.db, period }), { objectMode: false });
    return reply.header("content-type", "text/csv; charset=utf-8").send(csv);
  });
}
