// GET /api/export?period=month (or from=&to=), &tz=: the leads created in the period as CSV,
// streamed batch by batch as `leadops export` writes it (no export is held in memory).
import { Readable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { resolvePeriod } from "../core/reporting/period.ts";
import { streamLeadsCsv } from "../flows/export-leads.ts";

const exportQuerySchema = z
  .object({
    from: z.string().trim().min(1).optional(),
    to: z.string().trim().min(1).optional(),
    period: z.string().trim().min(1).optional(),
    tz: z.string().trim().min(1).optional(),
  })
  .strict();

export function registerExportRoute(app: FastifyInstance, ctx: AppContext): void {
  app.get("/export", async (req, reply) => {
    const q = exportQuerySchema.parse(req.query);
    const period = resolvePeriod({
      from: q.from,
      to: q.to,
      period: q.period,
      timeZone: q.tz,
      now: ctx.now(),
    });
    const csv = Readable.from(streamLeadsCsv({ db: ctx.db, period }), { objectMode: false });
    return reply.header("content-type", "text/csv; charset=utf-8").send(csv);
  });
}
