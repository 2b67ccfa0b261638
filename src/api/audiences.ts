// GET /api/audiences/stale-mql: marketing-qualified leads quiet for followUp.mqlStaleDays days,
// for retargeting tools. JSON by default; CSV when the client asks for text/csv.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { staleMqlCsv } from "../core/marketing/stale-mqls.ts";
import { listStaleMqls } from "../flows/list-stale-mqls.ts";

const querySchema = z.object({}).strict();

/** True when the Accept header prefers CSV to JSON (a bare text/csv, or listed before JSON). */
export function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(",").map((t) => t.split(";")[0]?.trim().toLowerCase());
  const csv = types.indexOf("text/csv");
  const json = types.indexOf("application/json");
  return csv >= 0 && (json < 0 || csv < json);
}

export function registerAudienceRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/audiences/stale-mql", async (req, reply) => {
    querySchema.parse(req.query);
    const list = await listStaleMqls({
      db: ctx.db,
      staleDays: ctx.rules.followUp.mqlStaleDays,
      now: ctx.now(),
    });
    if (!wantsCsv(req.headers.accept)) return { leads: list.leads, staleDays: list.staleDays };
    return reply
      .header("content-type", "text/csv; charset=utf-8")
      .header("content-disposition", 'attachment; filename="stale-mqls.csv"')
      .send(staleMqlCsv(list.leads));
  });
}
