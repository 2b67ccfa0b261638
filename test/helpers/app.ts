// Boots the real app on a fresh test database, with rules given as YAML text.
import { Writable } from "node:stream";
import type { FastifyInstance } from "fastify";
import { boot, type Running } from "../../src/boot.ts";
import { type Env, parseEnv } from "../../src/config/env.ts";
import { parseRules } from "../../src/config/rules.ts";
import type { RouteGroup } from "../../src/http/server.ts";
import { createLogger } from "../../src/observability/logger.ts";
import type { Database } from "../../src/store/db.ts";
import { createTestDatabase, type DbKind } from "./db.ts";

export interface TestApp extends Running {
  server: FastifyInstance;
  db: Database;
  /** Every log line the app wrote (JSON strings). */
  logs: string[];
  /** Stops the app and drops its database. */
  close(): Promise<void>;
}

export interface TestAppOptions {
  kind: DbKind;
  rulesYaml?: string;
  env?: Record<string, string>;
  now?: () => Date;
  routes?: RouteGroup[];
}

export async function startTestApp(options: TestAppOptions): Promise<TestApp> {
  const testDb = await createTestDatabase(options.kind);
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const env: Env = parseEnv({ LOG_LEVEL: "debug", ...options.env });
  const running = await boot({
    env,
    logger: createLogger(env.LOG_LEVEL, sink),
    database: testDb.db,
    rules: parseRules(options.rulesYaml ?? ""),
    ...(options.now ? { now: options.now } : {}),
    ...(options.routes ? { routes: options.routes } : {}),
  });
  return {
    ...running,
    db: testDb.db,
    logs,
    async close() {
      await running.server.close();
      await testDb.drop();
    },
  };
}
