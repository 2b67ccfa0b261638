// The HTTP server: parsers, the error handler, metrics, and every route group.
import Fastify, { type FastifyInstance } from "fastify";
import { registerHealthRoutes } from "../api/health.ts";
import type { AppContext } from "../context.ts";
import { httpDuration, httpRequests } from "../observability/metrics.ts";
import { installBodyParsers, MAX_BODY_BYTES } from "./body.ts";
import { installErrorHandler } from "./errors.ts";

export type RouteGroup = (app: FastifyInstance, ctx: AppContext) => void;

export async function buildServer(ctx: AppContext, groups: RouteGroup[] = []): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    trustProxy: true,
    return503OnClosing: true,
  });
  installBodyParsers(app);
  installErrorHandler(app, ctx.logger);

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions?.url ?? "unmatched";
    httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  registerHealthRoutes(app, ctx);
  for (const group of groups) group(app, ctx);
  await app.ready();
  return app;
}
