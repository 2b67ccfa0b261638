// Placeholder owned by the routing work (issue 6): replaced by the full routing schema.
import { z } from "zod";

export const routingConfigSchema = z
  .object({ claimWindowMinutes: z.number().positive().default(5) })
  .strict();
export const slaConfigSchema = z
  .object({
    nudgeMinutes: z.number().positive().default(15),
    rerouteMinutes: z.number().positive().default(60),
  })
  .strict();
export const followUpConfigSchema = z.object({ sqlInactiveDays: z.number().positive().default(3) }).strict();
export type RoutingConfig = z.infer<typeof routingConfigSchema>;
export type SlaConfig = z.infer<typeof slaConfigSchema>;
export type FollowUpConfig = z.infer<typeof followUpConfigSchema>;
