// What every part of the app is handed: built once in main.ts (or by a test), never global.
import type { Env } from "./config/env.ts";
import type { Rules } from "./config/rules.ts";
import type { Logger } from "./observability/logger.ts";
import type { Database } from "./store/db.ts";

export interface AppContext {
  env: Env;
  rules: Rules;
  /** Hash of the scoring-relevant rules (see rulesHash). */
  rulesHash: string;
  db: Database;
  logger: Logger;
  /** The clock; tests pass a controlled one. */
  now: () => Date;
}
