// The HTTP server: limits, parsers, the error handler, metrics, and every route group.

import type { Server } from "node:http";
import rateLimit from "@fastify/rate-limit";
import Fastify, { type FastifyHttpOptions, type FastifyInstance } from "fastify";
import { registerHealthRoutes, registerMetricsRoute } from "../api/health.ts";
import type { Env } from "../config/env.ts";
import type { AppContext } from "../context.ts";
import { httpDuration, httpRequests } from "../observability/metrics.ts";
import { installBodyParsers, MAX_BODY_BYTES } from "./body.ts";
import { HttpError, installErrorHandler } from "./errors.ts";

export type RouteGroup = (app: FastifyInstance, ctx: AppContext) => void;

/** Fastify's options for the limits the environment sets (timeouts, proxies). */
export function serverLimits(env: Env): FastifyHttpOptions<Server> {
  const trust = env.LEADOPS_TRUST_PROXY;
  return {
    logger: false,
    bodyLimit: MAX_BODY_BYTES,
    // A hop count trusts that many proxies nearest to the server (Fastify's numeric form).
    trustProxy: typeof trust === "number" ? (_addr: string, hop: number) => hop < trust : trust,
    return503OnClosing: true,
    requestTimeout: env.LEADOPS_REQUEST_TIMEOUT_MS,
    connectionTimeout: env.LEADOPS_IDLE_TIMEOUT_MS,
    http: {
      // Node refuses a headers timeout above the request timeout.
      headersTimeout: Math.min(env.LEADOPS_HEADERS_TIMEOUT_MS, env.LEADOPS_REQUEST_TIMEOUT_MS),
      // Node checks both timeouts on this interval (default 30 s), so a short timeout is honoured.
      connectionsCheckingInterval: Math.max(
        100,
        Math.min(30_000, Math.floor(env.LEADOPS_REQUEST_TIMEOUT_MS / 4)),
      ),
    },
  };
}

export async function buildServer(ctx: AppContext, groups: RouteGroup[] = []): Promise<FastifyInstance> {
  const app = Fastify(serverLimits(ctx.env));
  installBodyParsers(app);
  installErrorHandler(app, ctx.logger);

  app.addHook("onResponse", async (req, reply) => {
    const route = req.routeOptions?.url ?? "unmatched";
    httpRequests.inc({ route, method: req.method, status: String(reply.statusCode) });
    httpDuration.observe({ route }, reply.elapsedTime / 1000);
  });

  // Per client address, in onRequest: before the body is read or any signature is checked, so an
  // unsigned flood costs one map lookup per request. Per-source limits (intake/rate-limit.ts)
  // still apply after the signature.
  const perMinute = ctx.env.LEADOPS_IP_RATE_LIMIT_PER_MINUTE;
  if (perMinute > 0) {
    await app.register(rateLimit, {
      global: true,
      max: perMinute,
      timeWindow: 60_000,
      hook: "onRequest",
      errorResponseBuilder: (_req, c) =>
        new HttpError(
          429,
          "rate_limited",
          `Too many requests from this address (limit ${c.max} per minute); retry after ${c.after}`,
        ),
    });
  }

  registerHealthRoutes(app, ctx);
  if (ctx.env.LEADOPS_METRICS_PORT === undefined) registerMetricsRoute(app, ctx);
  for (const group of groups) group(app, ctx);
  await app.ready();
  return app;
}

/** The metrics-only server for LEADOPS_METRICS_PORT; null when metrics are on the public port. */
export async function buildMetricsServer(ctx: AppContext): Promise<FastifyInstance | null> {
  if (ctx.env.LEADOPS_METRICS_PORT === undefined) return null;
  const app = Fastify(serverLimits(ctx.env));
  installErrorHandler(app, ctx.logger);
  registerMetricsRoute(app, ctx);
  await app.ready();
  return app;
}
