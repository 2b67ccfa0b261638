// `outbound` in leadops.yml: where LeadOps tells other tools what happened (docs/decisions/0012).
import { z } from "zod";
import { conditionSchema } from "../rules/conditions.ts";

/** The event types a subscription may name (issue 17's list). */
export const outboundEventTypes = [
  "lead.created",
  "lead.updated",
  "lead.hot",
  "lead.assigned",
  "lead.claimed",
  "lead.qualified",
  "lead.nurtured",
  "lead.won",
  "lead.lost",
  "segment.entered",
  "segment.left",
  "sla.breached",
] as const;
export type OutboundEventType = (typeof outboundEventTypes)[number];

/**
 * A secret is written literally or as `${NAME}`, read from the environment at start (so it can stay
 * out of the file); the whole value must be the reference, so a typo cannot sign with "${X}abc".
 */
export const ENV_REFERENCE = /^\$\{([A-Z_][A-Z0-9_]*)\}$/;

const webhookSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "must be letters, digits, - or _"),
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    secret: z
      .string()
      .min(1)
      .refine(
        (s) => !s.includes("${") || ENV_REFERENCE.test(s),
        // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the syntax the file uses
        "must be a literal or exactly ${ENV_NAME}",
      ),
    events: z.array(z.enum(outboundEventTypes)).min(1),
    /** Sent only for leads matching this condition (the rules' grammar), checked at delivery. */
    when: conditionSchema.optional(),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookSchema>;

export const outboundConfigSchema = z
  .object({ webhooks: z.array(webhookSchema).default([]) })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.webhooks.forEach((w, i) => {
      if (seen.has(w.name))
        ctx.addIssue({
          code: "custom",
          path: ["webhooks", i, "name"],
          message: `duplicate webhook ${w.name}`,
        });
      seen.add(w.name);
    });
  });
export type OutboundConfig = z.infer<typeof outboundConfigSchema>;
