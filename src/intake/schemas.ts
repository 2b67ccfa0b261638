// Request bodies of the generic webhooks (CONTRACT.md), as zod 4 schemas. Named sources map
// their payloads into the same lead body, so every way in validates a lead the same way.
//
// Unknown top-level fields are not refused: a sender adding a form field must not start losing
// leads. On /webhooks/leads they are kept in `attributes` (an explicit `attributes` key wins on
// a clash); on /webhooks/events they are kept in `properties`.
import { z } from "zod";
import { isObject, type JsonObject } from "../core/leads/merge-lead.ts";
import { normalizeEmail } from "../core/leads/normalize-lead.ts";
import type { LeadInput } from "../flows/capture-leads.ts";
import type { EventInput } from "../flows/record-event.ts";
import { HttpError } from "../http/errors.ts";

/** Optional text: trimmed; empty, null and absent all mean "not given". */
const text = (max = 500) =>
  z
    .string()
    .max(max)
    .nullish()
    .transform((v) => {
      const t = v?.trim();
      return t ? t : undefined;
    });

const email = z
  .string({ error: "required, an email address" })
  .max(320)
  .transform((value, ctx) => {
    const normalized = normalizeEmail(value);
    if (!normalized) {
      ctx.addIssue({ code: "custom", message: "must be an email address" });
      return z.NEVER;
    }
    return normalized;
  });

// Senders (CSV, forms) often send numbers as strings.
const numeric = (schema: z.ZodNumber) =>
  z.preprocess(
    (v) => (typeof v === "string" && /^\s*-?\d+(\.\d+)?\s*$/.test(v) ? Number(v) : v === "" ? undefined : v),
    schema.nullish(),
  );

const instant = z.iso
  .datetime({ offset: true, error: "must be an ISO-8601 date-time such as 2025-01-31T09:00:00Z" })
  .transform((v) => new Date(v))
  // PostgreSQL timestamps cannot hold every date JavaScript can; real events fall in this range.
  .refine((d) => d.getUTCFullYear() >= 1970 && d.getUTCFullYear() <= 2200, "must be between 1970 and 2200")
  .nullish();

const jsonObject = z.record(z.string().max(200), z.unknown());

export const leadBodySchema = z.object({
  email,
  externalId: text(200),
  firstName: text(200),
  lastName: text(200),
  name: text(400),
  phone: text(50),
  company: text(300),
  website: text(500),
  title: text(300),
  seniority: text(100),
  industry: text(200),
  companySize: numeric(z.number().int("must be a whole number").min(0).max(10_000_000)),
  annualRevenue: numeric(z.number().min(0).max(1e15)),
  country: text(100),
  region: text(100),
  city: text(200),
  timezone: text(100),
  source: text(100),
  campaign: text(300),
  leadMagnet: text(300),
  funnelStage: z.enum(["top", "middle", "bottom"]).nullish(),
  interests: z.array(z.string().max(200)).max(200).nullish(),
  consent: z.boolean().nullish(),
  attributes: jsonObject.nullish(),
  occurredAt: instant,
});

const LEAD_KEYS = new Set(Object.keys(leadBodySchema.shape));

/** Moves unknown top-level keys into `into` (explicit keys there win). */
function splitExtras(body: JsonObject, known: Set<string>, into: string): JsonObject {
  const extras: JsonObject = {};
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(body)) {
    if (known.has(key)) out[key] = value;
    else extras[key] = value;
  }
  if (Object.keys(extras).length === 0) return out;
  const explicit = out[into];
  out[into] = isObject(explicit) ? { ...extras, ...explicit } : explicit === undefined ? extras : explicit;
  return out;
}

function requireObject(body: unknown): JsonObject {
  if (!isObject(body)) {
    throw new HttpError(400, "invalid_input", "The body must be a JSON object", [
      { message: "expected a JSON object" },
    ]);
  }
  return body;
}

function toLeadInput(data: z.infer<typeof leadBodySchema>): LeadInput {
  const { occurredAt, attributes, ...rest } = data;
  return {
    ...rest,
    ...(occurredAt ? { occurredAt } : {}),
    ...(attributes ? { attributes } : {}),
  } as LeadInput;
}

/** Parses a /webhooks/leads body; a ZodError names each bad field (400). */
export function parseLeadBody(body: unknown): LeadInput {
  return toLeadInput(leadBodySchema.parse(splitExtras(requireObject(body), LEAD_KEYS, "attributes")));
}

/**
 * For named sources: an optional field the provider sent in a shape we cannot use (HubSpot's
 * "25-50" employees) is kept in `attributes` instead of refusing the lead; only a missing or
 * invalid email refuses it.
 */
export function parseLeadLenient(body: JsonObject): LeadInput {
  let current = splitExtras(body, LEAD_KEYS, "attributes");
  for (let attempt = 0; attempt < 3; attempt++) {
    const result = leadBodySchema.safeParse(current);
    if (result.success) return toLeadInput(result.data);
    const bad = new Set(result.error.issues.map((i) => String(i.path[0] ?? "")));
    if (bad.has("email") || bad.has("") || bad.has("attributes")) throw result.error;
    const moved: JsonObject = {};
    const next: JsonObject = {};
    for (const [k, v] of Object.entries(current)) {
      if (bad.has(k)) moved[k] = v;
      else next[k] = v;
    }
    next.attributes = { ...(isObject(current.attributes) ? current.attributes : {}), unmapped: moved };
    current = next;
  }
  return toLeadInput(leadBodySchema.parse(current));
}

const uuidLike = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "must be a lead id (UUID)");

export const eventBodySchema = z
  .object({
    id: z
      .union([z.string().trim().min(1).max(200), z.number().int().transform(String)])
      .nullish()
      .transform((v) => v ?? undefined),
    type: z
      .string({ error: "required, an event type such as page_visited" })
      .trim()
      .min(1)
      .max(100)
      .regex(/^[A-Za-z0-9_.:-]+$/, "letters, digits and _ . : - only"),
    email: email.nullish(),
    leadId: uuidLike.nullish(),
    occurredAt: instant,
    properties: jsonObject.nullish(),
  })
  .superRefine((body, ctx) => {
    if (!body.email && !body.leadId) {
      ctx.addIssue({ code: "custom", path: ["email"], message: "email or leadId is required" });
    }
  });

const EVENT_KEYS = new Set(Object.keys(eventBodySchema.shape));

export interface ParsedEvent {
  target: { email: string } | { leadId: string };
  event: EventInput;
}

/** Parses a /webhooks/events body; a ZodError names each bad field (400). */
export function parseEventBody(body: unknown): ParsedEvent {
  const data = eventBodySchema.parse(splitExtras(requireObject(body), EVENT_KEYS, "properties"));
  return {
    target: data.leadId ? { leadId: data.leadId.toLowerCase() } : { email: data.email! },
    event: {
      externalId: data.id ?? null,
      type: data.type,
      source: "webhook",
      occurredAt: data.occurredAt ?? null,
      properties: data.properties ?? {},
    },
  };
}

const MAX_DEPTH = 32;

/**
 * Makes parsed JSON storable: PostgreSQL text and jsonb cannot hold U+0000, so it is removed
 * from every string and key; nesting deeper than 32 levels is refused (400) rather than risking
 * the stack in the merge and the driver.
 */
export function storableJson(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) {
    throw new HttpError(400, "invalid_input", `The body is nested deeper than ${MAX_DEPTH} levels`);
  }
  if (typeof value === "string") return value.includes("\u0000") ? value.replaceAll("\u0000", "") : value;
  if (Array.isArray(value)) return value.map((v) => storableJson(v, depth + 1));
  if (isObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) {
      // "__proto__" as an own key would become the prototype when spread later.
      if (k === "__proto__") continue;
      out[k.includes("\u0000") ? k.replaceAll("\u0000", "") : k] = storableJson(v, depth + 1);
    }
    return out;
  }
  return value;
}
