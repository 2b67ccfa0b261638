// Opens the database the environment names and applies pending migrations, for CLI commands.
import { loadEnv } from "../config/env.ts";
import { loadRules } from "../config/rules.ts";
import type { AppContext } from "../context.ts";
import { createLogger } from "../observability/logger.ts";
import { startOutbound } from "../outbound/start-outbound.ts";
import { DataDirError } from "../store/data-dir.ts";
import { openDatabase } from "../store/db.ts";
import { migrate } from "../store/migrate.ts";

export async function openCliContext(): Promise<AppContext> {
  const env = loadEnv();
  const { rules, hash } = loadRules(env.LEADOPS_CONFIG);
  // CLI output is for people; only warnings and errors are logged, to stderr.
  const logger = createLogger(env.LOG_LEVEL === "info" ? "warn" : env.LOG_LEVEL);
  const db = await openDatabase({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.LEADOPS_DATA_DIR,
    poolSize: 4,
  }).catch((err: Error) => {
    if (err instanceof DataDirError) throw err;
    throw new Error(
      env.DATABASE_URL
        ? `cannot connect to DATABASE_URL: ${err.message}`
        : `cannot open the embedded database in ${env.LEADOPS_DATA_DIR} ${err.message}`,
    );
  });
  await migrate(db);
  const ctx: AppContext = { env, rules, rulesHash: hash, db, logger, now: () => new Date() };
  // Changes a command makes (an import, a rescore) queue their outbound events like the server's;
  // the running app sends them (docs/decisions/0012).
  startOutbound(ctx, { loop: false });
  return ctx;
}
