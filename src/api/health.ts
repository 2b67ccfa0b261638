// Liveness, readiness and metrics.
import { timingSafeEqual } from "node:crypto";
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { HttpError } from "../http/errors.ts";
import { outboxBacklog, outboxOldestAge, registry } from "../observability/metrics.ts";
import { checkDatabase } from "../store/health/ping-database.ts";
import { readOutboxBacklog } from "../store/outbox/read-outbox-backlog.ts";

// Probes come from the load balancer's few addresses many times a minute: no per-IP limit.
const probe = { config: { rateLimit: false } } as const;

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/healthz", probe, async () => ({ status: "ok" }));

  app.get("/readyz", probe, async (_req, reply) => {
    const checks: Record<string, string> = {};
    const db = await checkDatabase(ctx.db);
    checks.database = db.reachable ? "ok" : "unreachable";
    if (db.reachable) {
      const pending = db.pendingMigrations;
      checks.migrations = pending.length === 0 ? "ok" : `pending: ${pending.join(", ")}`;
    }
    const ready = Object.values(checks).every((v) => v === "ok");
    reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });
}

/** `GET /metrics`, behind `Authorization: Bearer <LEADOPS_METRICS_TOKEN>` when that is set. */
export function registerMetricsRoute(app: FastifyInstance, ctx: AppContext): void {
  const token = ctx.env.LEADOPS_METRICS_TOKEN;
  app.get("/metrics", probe, async (req, reply) => {
    if (token !== undefined && !bearerMatches(String(req.headers.authorization ?? ""), token)) {
      throw new HttpError(
        401,
        "unauthorized",
        "GET /metrics needs Authorization: Bearer <LEADOPS_METRICS_TOKEN>",
        [],
        {
          "WWW-Authenticate": "Bearer",
        },
      );
    }
    const backlog = await readOutboxBacklog(ctx.db);
    outboxBacklog.set(backlog.pending);
    outboxOldestAge.set(
      backlog.oldestCreatedAt
        ? Math.max(0, (ctx.now().getTime() - backlog.oldestCreatedAt.getTime()) / 1000)
        : 0,
    );
    reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
}

function bearerMatches(header: string, token: string): boolean {
  const given = Buffer.from(header.replace(/^Bearer\s+/i, ""));
  const expected = Buffer.from(token);
  return (
    header.toLowerCase().startsWith("bearer ") &&
    given.length === expected.length &&
    timingSafeEqual(given, expected)
  );
}
