// Prisma CLI configuration. Migrations run through a driver adapter with the JavaScript schema
// engine, so no native engine binary is downloaded (the machines here reach only npm).
import path from "node:path";
import type { PrismaConfig } from "prisma";
import type { cliPgAdapter as cliPgAdapterType } from "./src/store/cli-pg-adapter.ts";

// Every Prisma CLI call tries to download engines unless these are set; with engine "js" they
// are never executed. `??=` keeps a user's own values.
process.env.PRISMA_QUERY_ENGINE_LIBRARY ??= path.resolve("node_modules/.prisma-no-engine");
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve("node_modules/.prisma-no-engine");

export default {
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
  experimental: { adapter: true },
  engine: "js",
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (url) {
      const { cliPgAdapter } = await import("./src/store/cli-pg-adapter.ts");
      return cliPgAdapter(url);
    }
    const { PGlite } = await import("@electric-sql/pglite");
    const { PrismaPGlite } = await import("pglite-prisma-adapter");
    const dir = process.env.LEADOPS_DATA_DIR ?? "./data";
    // The adapter is built against an older @prisma/driver-adapter-utils; the runtime protocol
    // is the same, only the type declarations differ.
    return new PrismaPGlite(new PGlite(dir)) as unknown as Awaited<ReturnType<typeof cliPgAdapterType>>;
  },
} satisfies PrismaConfig;
