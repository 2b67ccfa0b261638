// Liveness, readiness and metrics.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { registry } from "../observability/metrics.ts";
import { checkDatabase } from "../store/health/ping-database.ts";

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
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

  app.get("/metrics", async (_req, reply) => {
    reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
}
