// The /api/* route group: every route behind the bearer token (health and metrics live
// outside /api and stay open).
import type { FastifyInstance } from "fastify";
import type { AppContext } from "../context.ts";
import { registerAudienceRoutes } from "./audiences.ts";
import { requireApiToken } from "./auth.ts";
import { registerCommandRoutes } from "./commands.ts";
import { registerExportRoute } from "./export.ts";
import { registerImportRoute } from "./import.ts";
import { registerInputsRoute } from "./inputs.ts";
import { registerLeadRoutes } from "./leads.ts";
import { registerReportRoute } from "./report.ts";
import { registerEmailReportRoute } from "./report-email.ts";

export function registerApiRoutes(app: FastifyInstance, ctx: AppContext): void {
  app.register(
    async (api) => {
      api.addHook("onRequest", requireApiToken(ctx));
      registerReportRoute(api, ctx);
      registerInputsRoute(api, ctx);
      registerLeadRoutes(api, ctx);
      registerCommandRoutes(api, ctx);
      registerExportRoute(api, ctx);
      registerImportRoute(api, ctx);
      registerAudienceRoutes(api, ctx);
      registerEmailReportRoute(api, ctx);
    },
    { prefix: "/api" },
  );
}
