// The `scoring` section of leadops.yml: fit and engagement rules, caps, decay, thresholds,
// stage and IQL settings. Every key has a default; the defaults are PRODUCT.md's playbook.
// docs/rules/scoring.yml documents each key.
import { z } from "zod";
import { type Condition, conditionSchema } from "../rules/conditions.ts";
import { namedRule, uniqueBy } from "./named-rule.ts";

/** How an engagement rule's points fade with the event's age. */
export type Decay =
  | { kind: "none" }
  /** Worth half as much every `days` days. */
  | { kind: "halfLife"; days: number }
  /** Falls in a straight line to zero over `days` days. */
  | { kind: "linear"; days: number }
  /** Full value for `days` days, then nothing: a rolling window. */
  | { kind: "window"; days: number };

const days = z.number().positive().finite();
const decayObject = z
  .object({ halfLifeDays: days.optional(), linearDays: days.optional(), windowDays: days.optional() })
  .strict();
const DECAY_HELP = "decay must be none, { halfLifeDays: N }, { linearDays: N } or { windowDays: N }";

export const decaySchema = z.unknown().transform((raw, ctx): Decay => {
  if (raw === "none" || raw === null || raw === false) return { kind: "none" };
  const parsed = decayObject.safeParse(raw);
  const set = parsed.success ? Object.entries(parsed.data).filter(([, v]) => v !== undefined) : [];
  if (!parsed.success || set.length !== 1) {
    const detail = parsed.success ? "" : ` (${parsed.error.issues[0]?.message ?? "invalid"})`;
    ctx.addIssue({ code: "custom", message: `${DECAY_HELP}${detail}` });
    return z.NEVER;
  }
  const [key, value] = set[0] as [string, number];
  if (key === "halfLifeDays") return { kind: "halfLife", days: value };
  if (key === "linearDays") return { kind: "linear", days: value };
  return { kind: "window", days: value };
});

const eventTypes = z
  .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
  .transform((v) => (Array.isArray(v) ? v : [v]));

const ruleId = z
  .string()
  .regex(/^[A-Za-z0-9][\w.:-]*$/, "rule ids are letters, digits and _ . : - (no spaces)");

const points = z.number().finite();

export interface FitRule {
  id: string;
  description?: string;
  when: Condition;
  points: number;
}

const fitRuleInner = z
  .object({ id: ruleId, description: z.string().optional(), when: conditionSchema, points })
  .strict();

export const fitRuleSchema = namedRule(fitRuleInner, "fit rule");

export interface EngagementRule {
  id: string;
  description?: string;
  /** `event`: points for each matching event; `absence`: points when none happened in `days`. */
  match: "event" | "absence";
  events: string[];
  /** Condition on the event itself (`type`, `properties.url`, …). */
  when?: Condition;
  points: number;
  /** The most recent `maxCount` matching events count; older ones are left out. */
  maxCount?: number;
  /** Own decay; when absent the section's `decay` applies to positive rules. */
  decay?: Decay;
  /** Absence rules: the length of the quiet period in days. */
  days?: number;
}

const engagementRuleInner = z
  .object({
    id: ruleId,
    description: z.string().optional(),
    event: eventTypes.optional(),
    when: conditionSchema.optional(),
    absent: z.object({ event: eventTypes, days, when: conditionSchema.optional() }).strict().optional(),
    points,
    maxCount: z.number().int().positive().optional(),
    decay: decaySchema.optional(),
  })
  .strict()
  .superRefine((r, ctx) => {
    if ((r.event === undefined) === (r.absent === undefined)) {
      ctx.addIssue({ code: "custom", message: "needs exactly one of `event` or `absent`" });
    }
    if (r.absent !== undefined) {
      if (r.when !== undefined)
        ctx.addIssue({ code: "custom", path: ["when"], message: "put the condition inside `absent`" });
      if (r.maxCount !== undefined)
        ctx.addIssue({ code: "custom", path: ["maxCount"], message: "absence rules count once" });
      if (r.decay !== undefined)
        ctx.addIssue({ code: "custom", path: ["decay"], message: "absence rules do not decay" });
    }
    // Fading a negative value towards zero would raise the score; decay must never do that.
    if (r.points < 0 && r.decay !== undefined && r.decay.kind !== "none") {
      ctx.addIssue({
        code: "custom",
        path: ["decay"],
        message: "negative points do not decay (decay never raises a score)",
      });
    }
  })
  .transform((r): EngagementRule => {
    const rule: EngagementRule = {
      id: r.id,
      match: r.absent ? "absence" : "event",
      events: r.absent ? r.absent.event : (r.event ?? []),
      points: r.points,
    };
    if (r.description !== undefined) rule.description = r.description;
    const when = r.absent ? r.absent.when : r.when;
    if (when !== undefined) rule.when = when;
    if (r.maxCount !== undefined) rule.maxCount = r.maxCount;
    if (r.decay !== undefined) rule.decay = r.decay;
    if (r.absent) rule.days = r.absent.days;
    return rule;
  });

export const engagementRuleSchema = namedRule(engagementRuleInner, "engagement rule");

/**
 * PRODUCT.md's engagement table, exactly. Plain `page_visited` has no rule (0 points); only a
 * visit whose `properties.url` mentions pricing earns points.
 */
export const DEFAULT_ENGAGEMENT_RULES = [
  { id: "subscribed", event: "subscribed", points: 5, maxCount: 1 },
  { id: "appointment_canceled", event: "appointment_canceled", points: -5 },
  { id: "appointment_booked", event: "appointment_booked", points: 25 },
  { id: "email_opened", event: "email_opened", points: 5 },
  { id: "email_clicked", event: "email_clicked", points: 10 },
  {
    id: "pricing_page_visited",
    event: "page_visited",
    when: { field: "properties.url", op: "matches", value: "pricing" },
    points: 10,
  },
  { id: "email_replied", event: "email_replied", points: 15 },
  { id: "trial_started", event: "trial_started", points: 25, maxCount: 1 },
  // Issue 17: a callback request (a website widget) is the hottest signal the process names.
  { id: "callback_requested", event: "callback_requested", points: 30 },
  { id: "no_email_opened_30d", absent: { event: "email_opened", days: 30 }, points: -10 },
  { id: "unsubscribed", event: "unsubscribed", points: -25, maxCount: 1 },
] as const;

/** Example ideal-customer-profile rules: B2B software buyers. Replace them with your own. */
export const DEFAULT_FIT_RULES = [
  {
    id: "decision_maker_title",
    description: "Titles that usually sign or own the budget",
    when: {
      field: "title",
      op: "matches",
      value: "\\b(ceo|cto|cfo|coo|cmo|cro|founder|owner|president|vp|vice president|head of|director)\\b",
    },
    points: 15,
  },
  {
    id: "senior_seniority",
    when: { field: "seniority", op: "in", value: ["c-level", "executive", "vp", "director", "owner"] },
    points: 10,
  },
  { id: "company_size_11_50", when: { field: "companySize", op: "between", value: [11, 50] }, points: 5 },
  { id: "company_size_51_200", when: { field: "companySize", op: "between", value: [51, 200] }, points: 10 },
  { id: "company_size_201_plus", when: { field: "companySize", op: "gte", value: 201 }, points: 15 },
  { id: "annual_revenue_1m_plus", when: { field: "annualRevenue", op: "gte", value: 1_000_000 }, points: 5 },
  {
    id: "target_industry",
    when: {
      field: "industry",
      op: "in",
      value: ["software", "saas", "technology", "internet", "financial services", "marketing"],
    },
    points: 10,
  },
  { id: "business_email", when: { field: "domain", op: "exists" }, points: 5 },
  {
    id: "student_or_intern",
    when: { field: "title", op: "matches", value: "\\b(student|intern)\\b" },
    points: -10,
  },
] as const;

const capSchema = z
  .object({
    max: z.number().finite().nullable().default(null),
    min: z.number().finite().nullable().default(null),
  })
  .strict()
  .refine((c) => c.max == null || c.min == null || c.min <= c.max, "min must not be above max");

export const scoringConfigSchema = z
  .object({
    /** Grades on the total score: below `warm` cold, from `warm` warm (mql), from `hot` hot (sql). */
    thresholds: z
      .object({ warm: z.number().finite().default(30), hot: z.number().finite().default(60) })
      .strict()
      .refine((t) => t.warm < t.hot, { message: "warm must be below hot", path: ["hot"] })
      .prefault({}),
    caps: z
      .object({
        fit: capSchema.prefault({ max: 100 }),
        engagement: capSchema.prefault({ max: 100, min: -50 }),
      })
      .strict()
      .prefault({}),
    /** Decay for positive engagement rules that do not set their own. */
    decay: decaySchema.prefault({ halfLifeDays: 60 }),
    fit: z
      .array(fitRuleSchema)
      .superRefine((rules, ctx) => uniqueBy(rules, (r) => r.id, "fit rule", ctx))
      .prefault(DEFAULT_FIT_RULES as unknown as unknown[]),
    engagement: z
      .array(engagementRuleSchema)
      .superRefine((rules, ctx) => uniqueBy(rules, (r) => r.id, "engagement rule", ctx))
      .prefault(DEFAULT_ENGAGEMENT_RULES as unknown as unknown[]),
    stages: z
      .object({
        /** Let scoring move a stage back (sql → mql → lead) when the score falls. Grade always follows. */
        moveBack: z.boolean().default(false),
        /** A nurtured lead whose score crosses hot comes back as sql and is routed (move `reenter`). */
        reenterFromNurture: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    iql: z
      .object({
        /** Lead magnets that make a lead information-qualified (case-insensitive). */
        leadMagnets: z.array(z.string().min(1)).default([]),
        /** Funnel stages that make a lead information-qualified. */
        funnelStages: z.array(z.enum(["top", "middle", "bottom"])).default(["top"]),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ScoringConfig = z.infer<typeof scoringConfigSchema>;
export type ScoringInput = z.input<typeof scoringConfigSchema>;
