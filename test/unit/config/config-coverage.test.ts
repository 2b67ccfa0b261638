// Config coverage: every key of leadops.example.yml does something. For each leaf key of the
// example (array items and named entries collapse to one pattern: `reps.[].capacity`,
// `sources.*.costPerLead`):
// 1. changing it changes the parsed rules (or is refused by the schema): the schema keeps it;
// 2. the engine reads it: the parsed rules are wrapped in a proxy that records every key read
//    while the engine's pure decisions run over sample leads (scores, stage, IQL, segments,
//    routing, claim windows, SLA timers, follow-ups, auto-pause, qualification, report costs,
//    roles). Keys read only by transports (intake, Slack rendering) are listed in READ_BY with the
//    file that reads them, which must name the key; keys that change nothing on purpose are
//    listed in COSMETIC with the reason. A documented key in none of these fails, so a key that
//    the code never reads (as `sources.*.costPerLead` was) cannot come back. Both lists are
//    ratchets: an entry whose key the engine now reads, or that the example no longer has, fails.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseRules, type Rules, RulesError } from "../../../src/config/rules.ts";
import { alertCrossings } from "../../../src/core/alerts/alert-crossings.ts";
import { evaluateLead } from "../../../src/core/leads/evaluate-lead.ts";
import { deepEqual } from "../../../src/core/leads/merge-lead.ts";
import { simulateLead } from "../../../src/core/leads/simulate-lead.ts";
import { validateQualification } from "../../../src/core/qualification/validate-qualification.ts";
import { costPerLeadOf } from "../../../src/core/reporting/source-costs.ts";
import { rolesOf } from "../../../src/core/roles.ts";
import { decideFollowUps } from "../../../src/core/routing/decide-follow-ups.ts";
import { decideSlaActions, slaTimersFor } from "../../../src/core/routing/decide-sla-actions.ts";
import { routingRepOf } from "../../../src/core/routing/routing-rep.ts";
import { shouldPause } from "../../../src/core/routing/should-pause.ts";
import { detectCrossings } from "../../../src/core/scoring/detect-crossings.ts";

const root = new URL("../../../", import.meta.url);
const exampleText = readFileSync(new URL("leadops.example.yml", root), "utf8");
const example = parse(exampleText) as Record<string, unknown>;

/** Maps keyed by a user-chosen name: their keys collapse to `*`. */
const NAMED = new Set(["sources", "qualification.frameworks", "sla.routes", "sources.*.fieldMap"]);

const READ_BY: Record<string, string> = {
  "channels.hot": "src/slack/render/hot-lead-post.ts",
  "channels.marketing": "src/slack/render/channel-notices.ts",
  "channels.managers": "src/slack/render/channel-notices.ts",
  "sources.*.rateLimitPerMinute": "src/intake/admit.ts",
  // The weekly stale-MQL post (and GET /api/audiences/stale-mql) pass it to the stale-MQL flow.
  "followUp.mqlStaleDays": "src/jobs/stale-mqls.ts",
  // Each channel's token bucket, kept by the outbox worker per process.
  "slack.burst": "src/slack/outbox/pacing.ts",
  "slack.perSecond": "src/slack/outbox/pacing.ts",
  // Alert batching and stale alerts are decided by the outbox worker, per channel, at send time.
  "alerts.batchPerMinute": "src/slack/outbox/send-alerts.ts",
  "alerts.staleAfterMinutes": "src/slack/outbox/send-alerts.ts",
  // Subscriptions start the delivery worker and register the audit hook at boot.
  "outbound.webhooks": "src/outbound/resolve-webhooks.ts",
  // The days of conversions the performance strategy weighs, counted in SQL by the caller.
  "routing.performance.windowDays": "src/flows/assign-lead.ts",
  // Which clock each owner's SLA runs on is resolved by the job's flow (core/routing/sla-clock.ts).
  "sla.clock": "src/flows/check-slas.ts",
  "sources.*.fieldMap.*": "src/intake/source-routes.ts",
  "qualification.frameworks.*.label": "src/slack/blocks/qualification-modal.ts",
  "qualification.frameworks.*.fields.[].label": "src/slack/blocks/qualification-modal.ts",
  "qualification.frameworks.*.fields.[].required": "src/slack/blocks/qualification-modal.ts",
  "qualification.frameworks.*.fields.[].multiline": "src/slack/blocks/qualification-modal.ts",
  "qualification.frameworks.*.fields.[].options.[].label": "src/slack/blocks/qualification-modal.ts",
};

/** Keys the schema renames while parsing: the file's pattern → the parsed rules' pattern. */
const PARSED_AS: Record<string, string> = {
  "scoring.decay.halfLifeDays": "scoring.decay.days",
  "scoring.engagement.[].event": "scoring.engagement.[].events",
  "scoring.engagement.[].absent.event": "scoring.engagement.[].events",
  "scoring.engagement.[].absent.days": "scoring.engagement.[].days",
};

const COSMETIC: Record<string, string> = {
  "scoring.fit.[].description": "documentation for people reading the file; shown by `/leads rules`",
  "segments.[].kind": "a label for people and reports (demographic, behavioural, …); no decision uses it",
  "segments.[].description": "documentation for people reading the file",
};

type Path = (string | number)[];

function pattern(path: Path): string {
  const out: string[] = [];
  for (const part of path) {
    if (typeof part === "number") out.push("[]");
    else out.push(NAMED.has(out.join(".")) ? "*" : part);
  }
  return out.join(".");
}

/** The first concrete path of each leaf pattern in the example. */
function leaves(value: unknown, path: Path = [], out = new Map<string, Path>()): Map<string, Path> {
  if (Array.isArray(value) && value.some((v) => v !== null && typeof v === "object")) {
    for (const [i, v] of value.entries()) leaves(v, [...path, i], out);
  } else if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    for (const [k, v] of Object.entries(value)) leaves(v, [...path, k], out);
  } else if (!out.has(pattern(path))) out.set(pattern(path), path);
  return out;
}

/** Other values seen for the same pattern, to mutate enums into another valid value. */
function siblings(value: unknown, target: string, path: Path = [], out: unknown[] = []): unknown[] {
  if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value))
      siblings(v, target, [...path, Array.isArray(value) ? Number(k) : k], out);
  } else if (pattern(path) === target) out.push(value);
  return out;
}

function mutated(p: string, v: unknown): unknown[] {
  if (typeof v === "number") return [v + 1, v * 2 + 3, v - 1];
  if (typeof v === "boolean") return [!v];
  if (v === null) return [{ start: "09:00", end: "17:00" }, 5];
  if (Array.isArray(v)) return [v.length > 0 ? v.slice(1) : ["software"], [...v, "x"]];
  const others = siblings(example, p).filter((o) => o !== v);
  return [...others, `${String(v)}x`, "U0OTHER1"];
}

function setAt(obj: unknown, path: Path, value: unknown): unknown {
  const copy = structuredClone(obj) as Record<string | number, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string | number, unknown>;
  node[path.at(-1)!] = value;
  return copy;
}

const { stringify } = await import("yaml");
const base = parseRules(exampleText);

/** The parsed rules with every key read recorded (as a pattern). */
function recording(rules: Rules, read: Set<string>): Rules {
  const wrap = (value: unknown, path: Path): unknown => {
    if (value === null || typeof value !== "object") return value;
    return new Proxy(value as object, {
      get(target, key, receiver) {
        const v = Reflect.get(target, key, receiver);
        if (typeof key !== "string" || (Array.isArray(target) && !/^\d+$/.test(key))) return v;
        const next = [...path, Array.isArray(target) ? Number(key) : key];
        read.add(pattern(next));
        return wrap(v, next);
      },
    });
  };
  return wrap(rules, []) as Rules;
}

const now = new Date("2026-03-04T10:00:00Z");
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const SAMPLE_LEADS = [
  {
    email: "cto@bigco.test",
    title: "CTO",
    seniority: "vp",
    companySize: 5000,
    industry: "software",
    region: "emea",
  },
  {
    email: "intern@gmail.com",
    title: "Student intern",
    companySize: 5,
    leadMagnet: "pricing-guide",
    funnelStage: "bottom",
  },
  { email: "vp@mid.test", title: "VP Marketing", companySize: 120, annualRevenue: 2_000_000, country: "DE" },
];
const SAMPLE_EVENTS = [
  {
    type: "page_visited",
    occurredAt: daysAgo(1).toISOString(),
    properties: { url: "https://x.test/pricing" },
  },
  { type: "email_opened", occurredAt: daysAgo(40).toISOString() },
  { type: "demo_requested", occurredAt: daysAgo(2).toISOString() },
  { type: "webinar_attended", occurredAt: daysAgo(3).toISOString() },
  { type: "trial_started", occurredAt: daysAgo(1).toISOString() },
];

/** Runs the engine's pure decisions over sample leads; returns what they decided. */
function runEngine(rules: Rules): unknown[] {
  const out: unknown[] = [];
  for (const [i, lead] of SAMPLE_LEADS.entries()) {
    for (const events of [[], SAMPLE_EVENTS.slice(0, i + 2), SAMPLE_EVENTS]) {
      for (const stage of ["lead", "sql", "nurture"]) {
        const sim = simulateLead({ rules, now, lead: { ...lead, stage }, events });
        out.push(sim.score, sim.grade, sim.stage, sim.segments, sim.iql, sim.routing);
      }
    }
  }
  out.push(
    evaluateLead({
      facts: { email: "a@b.test", createdAt: daysAgo(400) },
      events: [],
      // A qualified submission of every framework: whether each promotes is the framework's call.
      qualifications: Object.keys(rules.qualification.frameworks).map((framework, i) => ({
        id: `q${i}`,
        framework,
        points: 99,
        qualified: true,
        at: now,
      })),
      currentStage: "sql",
      wasIql: false,
      rules,
      now,
    }).stage,
  );
  for (const route of [...rules.routing.routes.map((r) => r.name), rules.routing.defaultRoute.name, "none"])
    out.push(slaTimersFor(rules.sla, route));
  out.push(
    decideSlaActions({
      now,
      config: rules.sla,
      assignments: ["hot", "sales-ready"].map((route, i) => ({
        id: `a${i}`,
        leadId: `l${i}`,
        repSlackId: "U0ANNLEE01",
        route,
        createdAt: daysAgo(1),
        endedAt: null,
        firstResponseAt: null,
        nudgedAt: null,
        reroutes: 5,
        breachedAt: null,
      })),
    } as Parameters<typeof decideSlaActions>[0]),
  );
  for (const stage of ["sql", "mql", "nurture"])
    out.push(
      decideFollowUps({
        now,
        config: rules.followUp,
        leads: [2, 4, 8, 20, 100].flatMap((d, i) => [
          { id: `a${i}`, stage, ownerSlackId: "U0ANNLEE01", sqlAt: daysAgo(d), lastActivityAt: daysAgo(d) },
          {
            id: `b${i}`,
            stage,
            ownerSlackId: null,
            contactedAt: daysAgo(d),
            lastActivityAt: daysAgo(d),
            lastReminderAt: daysAgo(d / 2),
          },
        ]),
      }),
    );
  // Nobody available: the fallback; the performance strategy over the same pools.
  const paused = rules.reps.map((r) => ({ ...routingRepOf(r), paused: true }));
  const hot = { ...SAMPLE_LEADS[0], stage: "sql" };
  out.push(simulateLead({ rules, now, lead: hot, events: SAMPLE_EVENTS, reps: paused }).routing);
  const performance = {
    ...rules,
    routing: {
      ...rules.routing,
      routes: rules.routing.routes.map((r) => ({
        ...r,
        mode: "assign" as const,
        strategy: "performance" as const,
      })),
    },
  };
  const stats = Object.fromEntries(
    rules.reps.map((r, i) => [r.slackId, { assigned: 20, converted: 2 + 5 * i }]),
  );
  const state = { cursor: {}, ledger: {}, openCounts: {}, stats };
  out.push(simulateLead({ rules: performance, now, lead: hot, events: SAMPLE_EVENTS, state }).routing);
  for (const n of [1, 3, 5])
    out.push(shouldPause({ rep: { missedClaims: n, slaBreaches: n }, config: rules.routing.autoPause }));
  const q = rules.qualification;
  const framework = q.frameworks[q.default]!;
  const answers = Object.fromEntries(
    framework.fields.map((f) => [f.id, f.options?.[0]?.value ?? "some text"]),
  );
  out.push(validateQualification({ framework, answers }));
  out.push([...costPerLeadOf(rules.sources)]);
  // Which crossings alert marketing (the refresh queues one alert per change with them).
  for (const [before, after] of [
    [
      { grade: "cold", stage: "lead" },
      { grade: "warm", stage: "mql" },
    ],
    [
      { grade: "warm", stage: "mql" },
      { grade: "hot", stage: "sql" },
    ],
    [
      { grade: "hot", stage: "sql" },
      { grade: "warm", stage: "mql" },
    ],
  ] as const)
    out.push(alertCrossings(detectCrossings({ before, after }), rules.alerts));
  for (const id of [...rules.roles.managers, ...rules.roles.marketing, "U0ANNLEE01"])
    out.push(rolesOf(rules, id));
  return out;
}

describe("config coverage of leadops.example.yml", () => {
  const all = leaves(example);

  it("every key, changed, changes the parsed rules (or is refused)", () => {
    const ignored: string[] = [];
    for (const [p, path] of all) {
      const value = path.reduce<unknown>((n, k) => (n as Record<string | number, unknown>)[k], example);
      const effective = mutated(p, value).some((v) => {
        try {
          return !deepEqual(parseRules(stringify(setAt(example, path, v))), base);
        } catch (err) {
          if (err instanceof RulesError) return true;
          throw err;
        }
      });
      if (!effective) ignored.push(p);
    }
    expect(ignored, "keys the rules schema drops").toEqual([]);
  });

  it("every key is read by the engine, by a named transport, or is cosmetic with a reason", () => {
    const read = new Set<string>();
    runEngine(recording(base, read));
    const unread = [...all.keys()].filter((p) => !read.has(PARSED_AS[p] ?? p));
    const unexplained = unread.filter((p) => !(p in READ_BY) && !(p in COSMETIC));
    expect(unexplained, "documented keys nothing reads").toEqual([]);
    // The lists only shrink: an entry the engine reads now, or the example lost, goes.
    const stale = [...Object.keys(READ_BY), ...Object.keys(COSMETIC)].filter((p) => !unread.includes(p));
    expect(stale, "entries to remove from READ_BY / COSMETIC").toEqual([]);
    for (const [p, file] of Object.entries(READ_BY)) {
      const key = p
        .split(".")
        .filter((k) => k !== "*" && k !== "[]")
        .at(-1)!;
      expect(readFileSync(new URL(file, root), "utf8"), `${file} reads ${p}`).toContain(key);
    }
  });

  it("the engine's decisions change when a key it reads changes (sampled)", () => {
    const decisions = JSON.stringify(runEngine(base));
    for (const [p, yaml] of [
      ["scoring.thresholds.hot", "scoring:\n  thresholds: { warm: 5, hot: 10 }\n"],
      ["routing.claimWindowMinutes", "routing:\n  claimWindowMinutes: 1\n"],
      ["sources.*.costPerLead", "sources:\n  webinar:\n    costPerLead: 1\n"],
      ["followUp.sqlInactiveDays", "followUp:\n  sqlInactiveDays: 1\n"],
    ] as const) {
      const merged = { ...example, ...(parse(yaml) as object) };
      expect(JSON.stringify(runEngine(parseRules(stringify(merged)))), p).not.toBe(decisions);
    }
  });
});
