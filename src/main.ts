// Composition root: env → rules → logger → database → server → jobs → listen.

import { boot } from "./boot.ts";
import { EnvError, loadEnv } from "./config/env.ts";
import { RulesError } from "./config/rules.ts";
import { createLogger } from "./observability/logger.ts";
import { DataDirError } from "./store/data-dir.ts";

async function main(): Promise<void> {
  let env: ReturnType<typeof loadEnv>;
  try {
    env = loadEnv();
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(`LeadOps cannot start. ${err.message}`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(env.LOG_LEVEL);
  let running: Awaited<ReturnType<typeof boot>>;
  try {
    running = await boot({ env, logger });
  } catch (err) {
    if (err instanceof RulesError || err instanceof DataDirError) {
      console.error(`LeadOps cannot start. ${err.message}`);
      process.exit(1);
    }
    logger.fatal({ err }, "start failed");
    process.exit(1);
  }
  let address: string;
  try {
    address = await running.server.listen({ port: env.PORT, host: "0.0.0.0" });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
    console.error(
      `LeadOps cannot start. PORT=${env.PORT} is in use by another process: stop it, or set PORT to a free port.`,
    );
    await running.stop();
    process.exit(1);
  }
  let metrics = `${address}/metrics`;
  if (running.metricsServer && env.LEADOPS_METRICS_PORT !== undefined) {
    try {
      metrics = `${await running.metricsServer.listen({ port: env.LEADOPS_METRICS_PORT, host: "0.0.0.0" })}/metrics`;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
      console.error(
        `LeadOps cannot start. LEADOPS_METRICS_PORT=${env.LEADOPS_METRICS_PORT} is in use by another process: stop it, or set LEADOPS_METRICS_PORT to a free port.`,
      );
      await running.stop();
      process.exit(1);
    }
  }
  logger.info({ address, metrics, database: running.ctx.db.kind }, "LeadOps is listening");

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await running.stop();
    process.exit(0);
  };
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

await main();
