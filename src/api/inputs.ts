// POST /api/inputs: spend and visitors per source and period, one object or a list.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { parseSourceInputs, upsertSourceInputs } from "../flows/upsert-source-inputs.ts";
import { jsonBody } from "../http/body.ts";

export function registerInputsRoute(app: FastifyInstance, ctx: AppContext): void {
  app.post("/inputs", async (req) => {
    const inputs = parseSourceInputs(jsonBody(req));
    return upsertSourceInputs({ db: ctx.db, inputs, actor: "api", now: ctx.now() });
  });
}
