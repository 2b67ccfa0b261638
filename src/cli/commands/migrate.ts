import { loadEnv } from "../../config/env.ts";
import { openDatabase } from "../../store/db.ts";
import { migrate } from "../../store/migrate.ts";
import type { CliCommand } from "../io.ts";

export const migrateCommand: CliCommand = {
  summary: "apply pending database migrations",
  usage: "leadops migrate",
  async run(_args, io) {
    const env = loadEnv();
    const db = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.LEADOPS_DATA_DIR,
      poolSize: 1,
    });
    try {
      const applied = await migrate(db);
      io.out(applied.length === 0 ? "No pending migrations." : `Applied: ${applied.join(", ")}`);
      return 0;
    } finally {
      await db.close();
    }
  },
};
