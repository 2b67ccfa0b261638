// POST /api/leads/forget and POST /api/rescore: `leadops forget` and `leadops rescore` run by the
// server that holds the database, calling the same flows as the CLI.
import type { FastifyInstance } from "fastify";
import { z } from "zod";
import type { AppContext } from "../context.ts";
import { forgetLead } from "../flows/forget-lead.ts";
import { rescoreLeads } from "../flows/rescore-leads.ts";
import { jsonBody } from "../http/body.ts";
import { streamLines } from "./ndjson.ts";

const forgetBodySchema = z.object({ email: z.string().trim().min(1).max(320) }).strict();
const rescoreBodySchema = z
  .object({ all: z.boolean().optional(), batch: z.number().int().min(1).max(10_000).optional() })
  .strict();

export function registerCommandRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.post("/leads/forget", async (req) => {
    const { email } = forgetBodySchema.parse(jsonBody(req));
    return forgetLead({ db: ctx.db, email, actor: "api", now: ctx.now() });
  });

  // Progress after each batch, then `{ "result": { "rescored", "rulesHash" } }`.
  app.post("/rescore", async (req, reply) => {
    const body = rescoreBodySchema.parse(req.rawBody?.length ? jsonBody(req) : {});
    return streamLines(ctx, reply, async (send) => {
      const { rescored } = await rescoreLeads({
        db: ctx.db,
        ctx,
        all: body.all ?? false,
        batchSize: body.batch ?? 200,
        onBatch: (done) => send({ progress: done }),
      });
      return { rescored, rulesHash: ctx.rulesHash };
    });
  });
}
