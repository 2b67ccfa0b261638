// GET /api/leads and GET /api/leads/:id. Personal data goes in the reply only, never the log.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { listLeads, listLeadsQuerySchema } from "../store/leads/list-leads.ts";
import { readLead } from "../store/leads/read-lead.ts";

export function registerLeadRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/leads", async (req) => {
    const query = listLeadsQuerySchema.parse(req.query);
    return listLeads({ db: ctx.db, query });
  });

  app.get<{ Params: { id: string } }>("/leads/:id", async (req) => {
    return { lead: await readLead({ db: ctx.db, id: req.params.id }) };
  });
}
