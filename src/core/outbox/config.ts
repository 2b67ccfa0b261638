// leadops.yml `slack`: the outbox's pace per channel. Slack documents about one message per
// second per channel with short bursts allowed; these are per instance (README, "Slack").
import { z } from "zod";

export const slackConfigSchema = z
  .object({
    /** Messages a quiet channel may take at once. */
    burst: z.number().int().min(1).max(20).default(3),
    /** Messages per second per channel, once the burst is spent. */
    perSecond: z.number().positive().max(10).default(1),
  })
  .strict();

export type SlackConfig = z.infer<typeof slackConfigSchema>;
