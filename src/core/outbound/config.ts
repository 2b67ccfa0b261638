// `outbound` in leadops.yml: where LeadOps tells other tools what happened (docs/decisions/0012).
import { z } from "zod";
import { conditionSchema } from "../rules/conditions.ts";
import { ENCHARGE, enchargeSchema } from "./encharge-config.ts";

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

const secretSchema = z
  .string()
  .min(1)
  .refine(
    (s) => !s.includes("${") || ENV_REFERENCE.test(s),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the message shows the syntax the file uses
    "must be a literal or exactly ${ENV_NAME}",
  );

const webhookSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/i, "must be letters, digits, - or _"),
    url: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }),
    secret: secretSchema,
    events: z.array(z.enum(outboundEventTypes)).min(1),
    /** Sent only for leads matching this condition (the rules' grammar), checked at delivery. */
    when: conditionSchema.optional(),
  })
  .strict();
export type WebhookConfig = z.infer<typeof webhookSchema>;

/** The name HubSpot's rows carry in the outbox (a webhook may not take it). */
export const HUBSPOT = "hubspot";

/** The events that change what HubSpot shows of a contact. */
const HUBSPOT_EVENTS: OutboundEventType[] = [
  "lead.created",
  "lead.updated",
  "lead.assigned",
  "lead.claimed",
  "lead.qualified",
  "lead.nurtured",
  "lead.won",
  "lead.lost",
  "segment.entered",
  "segment.left",
];

const property = z.string().regex(/^[a-z][a-z0-9_]*$/, "must be a HubSpot property name (a-z, 0-9, _)");

/** HubSpot contact sync (issue 17, part 2): the contact upserted by email on each event. */
const hubspotSchema = z
  .object({
    apiUrl: z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .default("https://api.hubapi.com"),
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the default names the environment variable
    token: secretSchema.default("${HUBSPOT_PRIVATE_APP_TOKEN}"),
    events: z.array(z.enum(outboundEventTypes)).min(1).default(HUBSPOT_EVENTS),
    when: conditionSchema.optional(),
    /** The contact properties LeadOps writes; they must exist in HubSpot. */
    properties: z
      .object({
        score: property.default("leadops_score"),
        grade: property.default("leadops_grade"),
        stage: property.default("leadops_stage"),
        segments: property.default("leadops_segments"),
      })
      .strict()
      .prefault({}),
    /**
     * Deals on won (opt-in): a `lead.won` upserts a deal keyed by the outcome's id in `idProperty`
     * (a deal property with unique values, created in HubSpot first), so a redelivery updates it.
     */
    deals: z
      .object({
        idProperty: property.default("leadops_outcome_id"),
        pipeline: z.string().min(1).default("default"),
        stage: z.string().min(1).default("closedwon"),
      })
      .strict()
      .optional(),
    /** Slack user id → HubSpot owner id; an owner not listed leaves `hubspot_owner_id` alone. */
    owners: z
      .record(
        z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id"),
        z.string().regex(/^\d+$/, "must be a HubSpot owner id (digits)"),
      )
      .default({}),
  })
  .strict();
export type HubspotConfig = z.infer<typeof hubspotSchema>;

export const outboundConfigSchema = z
  .object({
    webhooks: z.array(webhookSchema).default([]),
    hubspot: hubspotSchema.optional(),
    encharge: enchargeSchema(secretSchema, z.enum(outboundEventTypes)).optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    const seen = new Set<string>([HUBSPOT, ENCHARGE]);
    c.webhooks.forEach((w, i) => {
      if (seen.has(w.name))
        ctx.addIssue({
          code: "custom",
          path: ["webhooks", i, "name"],
          message:
            w.name === HUBSPOT || w.name === ENCHARGE
              ? `${w.name} is the name of outbound.${w.name}`
              : `duplicate webhook ${w.name}`,
        });
      seen.add(w.name);
    });
  });
export type OutboundConfig = z.infer<typeof outboundConfigSchema>;
