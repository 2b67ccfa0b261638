// Builds a running LeadOps from an environment: used by main.ts and by tests that restart it.
import type { FastifyInstance } from "fastify";
import { registerApiRoutes } from "./api/routes.ts";
import { type Env, missingSlackCredentials } from "./config/env.ts";
import { loadRules, type Rules, rulesHash } from "./config/rules.ts";
import type { AppContext } from "./context.ts";
import { rescoreLeads } from "./flows/rescore-leads.ts";
import { buildMetricsServer, buildServer, type RouteGroup } from "./http/server.ts";
import { registerIntakeRoutes } from "./intake/routes.ts";
import { startJobs } from "./jobs/schedule.ts";
import { createLogger, type Logger } from "./observability/logger.ts";
import { type OutboundRuntime, startOutbound } from "./outbound/start-outbound.ts";
import { createSlackRuntime, type SlackOptions, type SlackRuntime } from "./slack/app.ts";
import { type Database, type OpenOptions, openDatabase } from "./store/db.ts";
import { migrate } from "./store/migrate.ts";
import { syncReps } from "./store/reps/sync-reps.ts";

export interface Running {
  ctx: AppContext;
  server: FastifyInstance;
  /** The /metrics-only server when LEADOPS_METRICS_PORT is set (main.ts listens on it); else null. */
  metricsServer: FastifyInstance | null;
  /** The Slack app and outbox worker; null in offline mode. */
  slack: SlackRuntime | null;
  /** Outbound webhooks: the subscriptions and their delivery worker. */
  outbound: OutboundRuntime;
  /** Stops accepting requests, finishes background work, closes the database. */
  stop(): Promise<void>;
}

export interface BootOptions {
  env: Env;
  logger?: Logger;
  /** Open an existing database instead of the one the env names (tests). */
  database?: Database;
  dbOptions?: Partial<OpenOptions>;
  /** Rules given directly instead of read from LEADOPS_CONFIG (tests). */
  rules?: Rules;
  now?: () => Date;
  routes?: RouteGroup[];
  /** Rescore leads scored with other rules in the background; default like `jobs` (tests call rescoreLeads). */
  rescore?: boolean;
  /** Start the cron table; default: yes, unless a database is handed in (tests call each job's run()). */
  jobs?: boolean;
  /** Slack options; the outbox loop runs by default unless a database is handed in (tests run passes). */
  slack?: SlackOptions;
  /** Run the outbound delivery worker; default: yes, unless a database is handed in (tests run passes). */
  outboundLoop?: boolean;
}

export async function boot(options: BootOptions): Promise<Running> {
  const { env } = options;
  const logger = options.logger ?? createLogger(env.LOG_LEVEL);
  const { rules, source, hash } = options.rules
    ? { rules: options.rules, source: "given", hash: rulesHash(options.rules) }
    : loadRules(env.LEADOPS_CONFIG);
  logger.info({ rules: source === "file" ? env.LEADOPS_CONFIG : `built-in ${source}` }, "rules loaded");

  const db =
    options.database ??
    (await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.LEADOPS_DATA_DIR,
      ...options.dbOptions,
    }));
  const applied = await migrate(db);
  if (applied.length > 0) logger.info({ applied }, "migrations applied");
  const now = options.now ?? (() => new Date());
  await syncReps({ db, reps: rules.reps, at: now() });

  const ctx: AppContext = { env, rules, rulesHash: hash, db, logger, now };

  const missing = missingSlackCredentials(env);
  if (missing.length > 0) {
    logger.warn(
      `offline mode: ${missing.join(", ")} not set; intake, scoring and routing work and Slack messages wait in the outbox until the app runs with credentials (create the Slack app from manifest.yml, see README)`,
    );
  }

  const outbound = startOutbound(ctx, { loop: options.outboundLoop ?? options.database === undefined });
  const slack = createSlackRuntime(ctx, {
    outboxLoop: options.slack?.outboxLoop ?? options.database === undefined,
  });
  const server = await buildServer(ctx, [...(options.routes ?? defaultRoutes()), ...(slack?.routes ?? [])]);
  const metricsServer = await buildMetricsServer(ctx);
  await slack?.start();
  const rescoring =
    (options.rescore ?? options.database === undefined)
      ? startRescoreIfRulesChanged(ctx)
      : { stop: async () => {} };
  const stopJobs = (options.jobs ?? options.database === undefined) ? startJobs(ctx) : async () => {};
  return {
    ctx,
    server,
    metricsServer,
    slack,
    outbound,
    async stop() {
      await server.close();
      await metricsServer?.close();
      await slack?.stop();
      await outbound.stop();
      await stopJobs();
      await rescoring.stop();
      await db.close();
    },
  };
}

// Any constant shared by all instances: one instance rescores after a rules change.
const RESCORE_LOCK_KEY = 7_301_956;

/**
 * Leads scored with other rules are rescored in the background after start, in small batches,
 * so intake is served meanwhile; with several instances one of them does it.
 */
function startRescoreIfRulesChanged(ctx: AppContext): { stop(): Promise<void> } {
  let stopping = false;
  const done = ctx.db
    .withAdvisoryLock(RESCORE_LOCK_KEY, async () => {
      const stale = await ctx.db.prisma.lead.count({
        where: { forgottenAt: null, OR: [{ rulesVersion: null }, { rulesVersion: { not: ctx.rulesHash } }] },
      });
      if (stale === 0) return;
      ctx.logger.info(
        { leads: stale, rules: ctx.rulesHash },
        "rules changed: rescoring leads in the background",
      );
      const { rescored } = await rescoreLeads({ db: ctx.db, ctx, shouldStop: () => stopping });
      ctx.logger.info({ rescored }, "rescoring finished");
    })
    .catch((err: unknown) => {
      if (!stopping) ctx.logger.error({ err }, "rescoring failed; it resumes at the next start");
    });
  return {
    async stop() {
      stopping = true;
      await done;
    },
  };
}

/** Every route group of the product. */
export function defaultRoutes(): RouteGroup[] {
  return [registerIntakeRoutes, registerApiRoutes];
}
