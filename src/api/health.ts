// Liveness, readiness and metrics.
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { registry } from "../observability/metrics.ts";
import { pendingMigrations } from "../store/migrate.ts";

export function registerHealthRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.get("/healthz", async () => ({ status: "ok" }));

  app.get("/readyz", async (_req, reply) => {
    const checks: Record<string, string> = {};
    try {
      await ctx.db.sql.query("SELECT 1");
      checks.database = "ok";
      const pending = await pendingMigrations(ctx.db);
      checks.migrations = pending.length === 0 ? "ok" : `pending: ${pending.join(", ")}`;
    } catch {
      checks.database = "unreachable";
    }
    const ready = Object.values(checks).every((v) => v === "ok");
    reply.code(ready ? 200 : 503).send({ status: ready ? "ready" : "not ready", checks });
  });

  app.get("/metrics", async (_req, reply) => {
    reply.header("content-type", registry.contentType).send(await registry.metrics());
  });
}
