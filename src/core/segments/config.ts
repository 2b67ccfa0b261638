// The `segments` section of leadops.yml: a list of named rules. A segment's `when` combines lead
// conditions (the shared `{ field, op, value }` grammar) with behavioural ones on events
// (`{ event, atLeast, withinDays, where }`) under all / any / not. docs/rules/segments.yml
// documents each key.
import { z } from "zod";
import {
  type Condition,
  conditionSchema,
  type LeafCondition,
  leafConditionSchema,
} from "../rules/conditions.ts";
import { namedRule, uniqueBy } from "../scoring/named-rule.ts";

export const segmentKinds = ["demographic", "psychographic", "behavioural", "geographic"] as const;
export type SegmentKind = (typeof segmentKinds)[number];

/** "At least `atLeast` (and at most `atMost`) events of these types in the last `withinDays` days." */
export interface EventCondition {
  event: string[];
  atLeast: number;
  atMost?: number;
  withinDays?: number;
  /** Condition on each event (`properties.url`, …). */
  where?: Condition;
}

export type SegmentCondition =
  | LeafCondition
  | EventCondition
  | { all: SegmentCondition[] }
  | { any: SegmentCondition[] }
  | { not: SegmentCondition };

const eventConditionSchema = z
  .object({
    event: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v])),
    atLeast: z.number().int().nonnegative().default(1),
    atMost: z.number().int().nonnegative().optional(),
    withinDays: z.number().positive().finite().optional(),
    where: conditionSchema.optional(),
  })
  .strict()
  .refine((c) => c.atMost === undefined || c.atMost >= c.atLeast, {
    message: "atMost must not be below atLeast",
    path: ["atMost"],
  })
  .transform((c): EventCondition => {
    const out: EventCondition = { event: c.event, atLeast: c.atLeast };
    if (c.atMost !== undefined) out.atMost = c.atMost;
    if (c.withinDays !== undefined) out.withinDays = c.withinDays;
    if (c.where !== undefined) out.where = c.where;
    return out;
  });

// Dispatched on the keys present rather than a plain union, so a mistake is reported against
// the shape the author meant ("atLeast: too small") instead of zod's bare "Invalid input".
export const segmentConditionSchema: z.ZodType<SegmentCondition> = z.lazy(() =>
  z.unknown().transform((raw, ctx): SegmentCondition => {
    const result = shapeOf(raw).safeParse(raw);
    if (result.success) return result.data as SegmentCondition;
    for (const issue of result.error.issues)
      ctx.addIssue({ code: "custom", path: issue.path, message: issue.message });
    return z.NEVER;
  }),
);

function shapeOf(raw: unknown): z.ZodType {
  const keys = raw !== null && typeof raw === "object" ? Object.keys(raw) : [];
  if (keys.includes("event")) return eventConditionSchema;
  if (keys.includes("all")) return z.object({ all: z.array(segmentConditionSchema).min(1) }).strict();
  if (keys.includes("any")) return z.object({ any: z.array(segmentConditionSchema).min(1) }).strict();
  if (keys.includes("not")) return z.object({ not: segmentConditionSchema }).strict();
  return leafConditionSchema;
}

const segmentInner = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][\w .:-]*$/, "segment names are letters, digits, spaces and _ . : -")
      .max(80),
    kind: z.enum(segmentKinds),
    description: z.string().optional(),
    when: segmentConditionSchema,
  })
  .strict();

export const segmentSchema = namedRule(segmentInner, "segment", "name");
export type Segment = z.infer<typeof segmentInner>;

export const segmentsConfigSchema = z
  .array(segmentSchema)
  .superRefine((segments, ctx) => uniqueBy(segments, (s) => s.name, "segment", ctx));
export type SegmentsConfig = z.infer<typeof segmentsConfigSchema>;
