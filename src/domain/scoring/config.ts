// Placeholder owned by the scoring work (issue 3): replaced by the full scoring schema.
import { z } from "zod";

export const scoringConfigSchema = z
  .object({
    thresholds: z.object({ warm: z.number().default(30), hot: z.number().default(60) }).prefault({}),
  })
  .strict();
export type ScoringConfig = z.infer<typeof scoringConfigSchema>;
