// `outbound.encharge`: segment and stage tags and the score field in an email tool (issue 17,
// part 3). The shape is generic (tag templates, a field name), the endpoints Encharge's.
import { z } from "zod";
import { conditionSchema } from "../rules/conditions.ts";
import type { OutboundEventType } from "./config.ts";

/** The name Encharge's rows carry in the outbox (a webhook may not take it). */
export const ENCHARGE = "encharge";

/** The events that change a person's tags or score field. */
const ENCHARGE_EVENTS: OutboundEventType[] = [
  "lead.created",
  "lead.updated",
  "lead.qualified",
  "lead.nurtured",
  "lead.won",
  "lead.lost",
  "segment.entered",
  "segment.left",
];

/** Encharge takes several tags as one comma-separated string, so a tag may not hold a comma. */
const tagTemplate = (placeholder: string) =>
  z
    .string()
    .min(1)
    .refine((s) => s.includes(placeholder), `must contain ${placeholder}`)
    .refine((s) => !s.includes(","), "must not contain a comma");

/** Built by config.ts with its secret and event schemas (a factory: config.ts imports this file). */
export function enchargeSchema(secretSchema: z.ZodType<string>, eventSchema: z.ZodType<OutboundEventType>) {
  return z
    .object({
      apiUrl: z
        .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
        .default("https://api.encharge.io/v1"),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the default names the environment variable
      apiKey: secretSchema.default("${ENCHARGE_API_KEY}"),
      events: z.array(eventSchema).min(1).default(ENCHARGE_EVENTS),
      when: conditionSchema.optional(),
      tags: z
        .object({
          segment: tagTemplate("{segment}").default("leadops-segment-{segment}"),
          stage: tagTemplate("{stage}").default("leadops-stage-{stage}"),
        })
        .strict()
        .prefault({}),
      /** The person fields LeadOps writes; custom fields must exist in the email tool. */
      fields: z
        .object({
          score: z
            .string()
            .regex(/^[A-Za-z][A-Za-z0-9_]*$/, "must be a field name")
            .default("leadopsScore"),
        })
        .strict()
        .prefault({}),
    })
    .strict();
}
export type EnchargeConfig = z.infer<ReturnType<typeof enchargeSchema>>;
