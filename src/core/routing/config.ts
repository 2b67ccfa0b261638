// The `routing`, `sla` and `followUp` sections of leadops.yml. Every key has a default, so an
// empty file (or none) routes the way PRODUCT.md describes:
// - hot leads are posted to the hot channel with Claim; unclaimed after 5 minutes they are
//   assigned by strict round robin over all reps;
// - other sales-qualified leads (promoted by a CHAMP qualification without being hot) are
//   assigned at once by round robin;
// - everything else is held: below the SQL threshold a lead stays with marketing's nurture
//   (PRODUCT.md, "Nurture"), so the default route does not hand it to a rep.
import { z } from "zod";
import { conditionSchema } from "../rules/conditions.ts";

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U012ABCDEF");
const slackChannelId = z
  .string()
  .regex(/^[CG][A-Z0-9]{2,}$/, "must be a Slack channel id such as C012ABCDEF");

export const strategies = ["round_robin", "weighted", "performance", "least_loaded"] as const;
export type Strategy = (typeof strategies)[number];
export const routeModes = ["claim", "assign", "hold"] as const;
export type RouteMode = (typeof routeModes)[number];

/** `managers` (the managers channel, else the managers role), a Slack user id or a channel id. */
const fallbackSchema = z
  .string()
  .regex(
    /^(managers|[UW][A-Z0-9]{2,}|[CG][A-Z0-9]{2,})$/,
    'must be "managers", a Slack user id (U…) or a channel id (C…)',
  );

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$|^24:00$/, "must be HH:MM (00:00 to 24:00)");

export const workingHoursSchema = z
  .object({
    days: z
      .array(z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]))
      .default(["mon", "tue", "wed", "thu", "fri"]),
    start: hhmm,
    end: hhmm,
  })
  .strict();

/** The built-in pool every route can name: every active rep. */
export const ALL_POOL = "all";

export const poolSchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "letters, digits, - and _ only"),
    /** Reps named explicitly are members whatever their attributes. */
    reps: z.array(slackUserId).default([]),
    /** Attribute filters: a rep matching every filter given is a member (values compare case-insensitively). */
    industries: z.array(z.string()).default([]),
    regions: z.array(z.string()).default([]),
    seniority: z.array(z.enum(["junior", "mid", "senior"])).default([]),
    /** Lead-dependent filters: the rep's industries / regions must cover the lead's industry / region or country. */
    matchLead: z.array(z.enum(["industry", "region"])).default([]),
    /** Never members, even when listed or matching. */
    exclude: z.array(slackUserId).default([]),
  })
  .strict();
export type PoolConfig = z.infer<typeof poolSchema>;

const routeFields = {
  mode: z.enum(routeModes).default("assign"),
  /** Claim window for this route; defaults to `routing.claimWindowMinutes`. */
  claimWindowMinutes: z.number().positive().optional(),
  /** Channel for the Claim post; defaults to `channels.hot`. */
  channel: slackChannelId.optional(),
  pool: z.string().default(ALL_POOL),
  /** Pools tried in order when nobody in `pool` is eligible, before the fallback. */
  overflow: z.array(z.string()).max(30).default([]),
  strategy: z.enum(strategies).default("round_robin"),
  /** Where the lead goes when nobody is eligible; defaults to `routing.fallback`. */
  fallback: fallbackSchema.optional(),
};

export const routeSchema = z
  .object({
    name: z.string().min(1),
    /** All criteria given must hold (and). Lists match when the lead's value is one of them. */
    grades: z.array(z.string()).default([]),
    stages: z.array(z.string()).default([]),
    sources: z.array(z.string()).default([]),
    /** The lead is in at least one of these segments. */
    segments: z.array(z.string()).default([]),
    /** Any condition over the lead's fields, plus `segments`, `grade`, `stage`, `source`. */
    when: conditionSchema.optional(),
    ...routeFields,
  })
  .strict();
export type RouteConfig = z.infer<typeof routeSchema>;

export const defaultRouteSchema = z
  .object({
    name: z.string().min(1).default("default"),
    ...routeFields,
    mode: z.enum(routeModes).default("hold"),
  })
  .strict();
export type DefaultRouteConfig = z.infer<typeof defaultRouteSchema>;

export const routingConfigSchema = z
  .object({
    claimWindowMinutes: z.number().positive().default(5),
    fallback: fallbackSchema.default("managers"),
    /** For reps without a timezone of their own. */
    defaultTimezone: z.string().default("UTC"),
    /** For reps without working hours of their own; null: always within hours. */
    defaultWorkingHours: workingHoursSchema.nullable().default(null),
    pools: z.array(poolSchema).default([]),
    routes: z.array(routeSchema).prefault([
      { name: "hot", grades: ["hot"], mode: "claim", strategy: "round_robin" },
      { name: "sales-ready", stages: ["sql"], mode: "assign", strategy: "round_robin" },
    ]),
    defaultRoute: defaultRouteSchema.prefault({}),
    performance: z
      .object({
        /** The caller counts each rep's assigned and converted leads over this many days. */
        windowDays: z.number().int().positive().default(90),
        /** Pseudo-leads at the team's rate added to every rep, so a rep with 2 leads is not judged on 2. */
        priorLeads: z.number().nonnegative().default(10),
        minFactor: z.number().positive().default(0.25),
        maxFactor: z.number().positive().default(4),
      })
      .strict()
      .prefault({}),
    autoPause: z
      .object({
        /** Consecutive missed claims / SLA breaches before a rep is paused; 0 never pauses. */
        missedClaims: z.number().int().nonnegative().default(3),
        slaBreaches: z.number().int().nonnegative().default(3),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    const pools = new Set<string>([ALL_POOL]);
    cfg.pools.forEach((p, i) => {
      if (pools.has(p.name))
        ctx.addIssue({
          code: "custom",
          path: ["pools", i, "name"],
          message: `duplicate pool ${p.name}${p.name === ALL_POOL ? " (all is built in)" : ""}`,
        });
      pools.add(p.name);
    });
    const checkPools = (route: { pool: string; overflow: string[] }, path: (string | number)[]) => {
      if (!pools.has(route.pool))
        ctx.addIssue({ code: "custom", path: [...path, "pool"], message: `unknown pool ${route.pool}` });
      route.overflow.forEach((name, j) => {
        if (!pools.has(name))
          ctx.addIssue({ code: "custom", path: [...path, "overflow", j], message: `unknown pool ${name}` });
      });
    };
    const names = new Set<string>();
    cfg.routes.forEach((r, i) => {
      if (names.has(r.name))
        ctx.addIssue({ code: "custom", path: ["routes", i, "name"], message: `duplicate route ${r.name}` });
      names.add(r.name);
      checkPools(r, ["routes", i]);
    });
    if (names.has(cfg.defaultRoute.name))
      ctx.addIssue({
        code: "custom",
        path: ["defaultRoute", "name"],
        message: `the default route's name ${cfg.defaultRoute.name} is also a route's name`,
      });
    checkPools(cfg.defaultRoute, ["defaultRoute"]);
    if (cfg.performance.minFactor > cfg.performance.maxFactor)
      ctx.addIssue({
        code: "custom",
        path: ["performance", "minFactor"],
        message: "must not exceed maxFactor",
      });
  });

const slaTimersSchema = z
  .object({
    /** DM the owner this many minutes after assignment without a first response; null: never. */
    nudgeMinutes: z.number().positive().nullable().optional(),
    /** Re-route to the next eligible rep after this many minutes; null: never. */
    rerouteMinutes: z.number().positive().nullable().optional(),
    /** The lead breaches (managers are told) after this many minutes; absent: same as rerouteMinutes. */
    breachMinutes: z.number().positive().nullable().optional(),
    /** Re-routes per lead before it stays put and only managers are told. */
    maxReroutes: z.number().int().nonnegative().optional(),
  })
  .strict();
export type SlaTimers = z.infer<typeof slaTimersSchema>;

export const slaConfigSchema = z
  .object({
    nudgeMinutes: z.number().positive().nullable().default(15),
    rerouteMinutes: z.number().positive().nullable().default(60),
    breachMinutes: z.number().positive().nullable().optional(),
    maxReroutes: z.number().int().nonnegative().default(3),
    /**
     * `business`: an owner's SLA minutes count only inside their working hours (their own, else
     * routing.defaultWorkingHours), in their time zone; an owner with no working hours runs on
     * the wall clock. `wall`: every minute counts.
     */
    clock: z.enum(["business", "wall"]).default("business"),
    /** Per-route overrides, by route name (`defaultRoute`'s name included). */
    routes: z.record(z.string(), slaTimersSchema).default({}),
  })
  .strict();

export const followUpConfigSchema = z
  .object({
    /** Remind the owner of a sales-qualified lead not yet contacted with no activity for this many days. */
    sqlInactiveDays: z.number().positive().nullable().default(3),
    /** Remind the owner of a contacted lead with no outcome (won, lost, nurture) this many days after contact. */
    contactedNoOutcomeDays: z.number().positive().nullable().default(7),
    /** Send an open sales-qualified lead with no activity for this many days back to marketing nurture. */
    recycleAfterDays: z.number().positive().nullable().default(30),
    /** Repeat a reminder this many days after the last one while nothing changes; null: remind once. */
    repeatEveryDays: z.number().positive().nullable().default(null),
    /** List a marketing-qualified lead to marketing (weekly post, stale-MQL audience) after this many quiet days. */
    mqlStaleDays: z.number().int().positive().default(14),
  })
  .strict();

export type RoutingConfig = z.infer<typeof routingConfigSchema>;
export type SlaConfig = z.infer<typeof slaConfigSchema>;
export type FollowUpConfig = z.infer<typeof followUpConfigSchema>;
export type WorkingHours = z.infer<typeof workingHoursSchema>;
