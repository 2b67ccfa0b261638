// leadops.yml `alerts`: which threshold crossings tell marketing, and how a busy channel is
// spared one message per lead (docs/decisions/0014-alerts-worth-reading.md).
import { z } from "zod";

/** The thresholds a crossing can pass: the grades' (warm, hot) and the stages' (mql, sql). */
export const ALERT_LEVELS = ["warm", "hot", "mql", "sql"] as const;
export type AlertLevel = (typeof ALERT_LEVELS)[number];

export const alertsConfigSchema = z
  .object({
    /** A crossing alerts when the threshold it passes (reached going up, left going down) is listed. */
    crossings: z.array(z.enum(ALERT_LEVELS)).default([...ALERT_LEVELS]),
    /** Alert when a lead falls below a listed threshold, not only when it reaches one. */
    down: z.boolean().default(true),
    /** More alerts than this for one channel within a minute go out as one summary. */
    batchPerMinute: z.number().int().min(1).max(100).default(5),
    /** An alert still unsent after this many minutes (a Slack outage) is dropped and counted for managers. */
    staleAfterMinutes: z
      .number()
      .int()
      .min(1)
      .max(7 * 24 * 60)
      .default(60),
  })
  .strict();

export type AlertsConfig = z.infer<typeof alertsConfigSchema>;
