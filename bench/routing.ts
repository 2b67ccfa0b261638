// Routing benchmark: full routing decisions per second (route match over 50 rules, pool
// membership and eligibility for 500 reps in 12 time zones, strategy, new state) with the
// route match alone and a bare scan of the reps as baselines measured in the same run.
// Goal: over 5,000 decisions/s. Run: npx tsx bench/routing.ts
import os from "node:os";
import type { LeadFacts } from "../src/core/leads/lead-facts.ts";
import { routingConfigSchema, strategies } from "../src/core/routing/config.ts";
import { explainDecision } from "../src/core/routing/explain-decision.ts";
import { matchRoute } from "../src/core/routing/match-route.ts";
import { routeLead } from "../src/core/routing/route-lead.ts";
import type { RoutingRep, RoutingState } from "../src/core/routing/types.ts";

// Deterministic pseudo-random data, so runs are comparable.
let seed = 7;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const industries = ["saas", "fintech", "health", "retail", "education", "media", "logistics", "energy"];
const regions = ["NA", "EMEA", "APAC", "LATAM", "US", "DE", "GB", "IN", "BR", "JP"];
const zones = [
  "America/New_York",
  "America/Chicago",
  "America/Los_Angeles",
  "America/Sao_Paulo",
  "Europe/London",
  "Europe/Berlin",
  "Europe/Madrid",
  "Asia/Kolkata",
  "Asia/Tokyo",
  "Asia/Singapore",
  "Australia/Sydney",
  "UTC",
];

const REPS = 500;
const reps: RoutingRep[] = Array.from({ length: REPS }, (_, i) => ({
  slackId: `U${String(i).padStart(6, "0")}`,
  name: `Rep ${i}`,
  weight: 1 + Math.floor(rand() * 4),
  capacity: rand() < 0.7 ? 20 + Math.floor(rand() * 30) : undefined,
  industries: [pick(industries), pick(industries)],
  regions: [pick(regions)],
  seniority: pick(["junior", "mid", "senior"]),
  timezone: pick(zones),
  // Round-the-clock coverage for part of the team, so decisions succeed at any hour.
  workingHours:
    rand() < 0.3
      ? null
      : { days: ["mon", "tue", "wed", "thu", "fri"], start: pick(["08:00", "09:00", "22:00"]), end: "17:00" },
  away: rand() < 0.05,
  paused: rand() < 0.02,
}));

// 10 pools and 50 routes: 49 with criteria (lists, segments, conditions) plus the default.
const pools = [
  ...industries.map((ind) => ({ name: `ind-${ind}`, industries: [ind] })),
  { name: "senior", seniority: ["senior"] },
  { name: "by-region", matchLead: ["region"] },
];
const routes = Array.from({ length: 49 }, (_, i) => {
  const base = { name: `r${i}`, strategy: strategies[i % strategies.length], mode: "assign" as const };
  switch (i % 5) {
    case 0:
      return { ...base, sources: [`src-${i}`], pool: pick(pools).name, overflow: ["all"] };
    case 1:
      return { ...base, segments: [`seg-${i}`], pool: pick(pools).name };
    case 2:
      return {
        ...base,
        when: {
          all: [
            { field: "industry", op: "eq", value: pick(industries) },
            { field: "companySize", op: "gte", value: 100 + i * 50 },
          ],
        },
        pool: `ind-${pick(industries)}`,
        overflow: ["all"],
      };
    case 3:
      return {
        ...base,
        grades: ["hot"],
        stages: ["sql"],
        sources: [`src-${i}`, `src-${i + 1}`],
        pool: "senior",
      };
    default:
      return {
        ...base,
        when: {
          any: [
            { field: "country", op: "in", value: ["US", "CA"] },
            { field: "title", op: "matches", value: "^vp" },
          ],
        },
        segments: [`seg-${i}`],
        pool: "by-region",
        overflow: ["senior", "all"],
      };
  }
});
const config = routingConfigSchema.parse({
  pools,
  routes,
  defaultRoute: { mode: "assign", strategy: "round_robin", pool: "all" },
});

const leads: { lead: LeadFacts; segments: string[] }[] = Array.from({ length: 1_000 }, (_, i) => ({
  lead: {
    id: `lead-${i}`,
    grade: pick(["cold", "warm", "hot"]),
    stage: pick(["mql", "sql"]),
    source: `src-${Math.floor(rand() * 60)}`,
    industry: pick(industries),
    region: pick(regions),
    country: pick(["US", "DE", "IN", "BR", "JP"]),
    companySize: Math.floor(rand() * 5000),
    title: pick(["VP Sales", "CTO", "Engineer", "Head of Ops"]),
  },
  segments: [`seg-${Math.floor(rand() * 60)}`, `seg-${Math.floor(rand() * 60)}`],
}));

const stats = Object.fromEntries(
  reps.map((r) => {
    const assigned = Math.floor(rand() * 200);
    return [r.slackId, { assigned, converted: Math.floor(assigned * rand() * 0.3) }];
  }),
);
const freshState = (): RoutingState => ({
  cursor: {},
  ledger: {},
  openCounts: Object.fromEntries(reps.map((r) => [r.slackId, Math.floor(rand() * 25)])),
  stats,
});

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

let sink = 0;
// A weekday afternoon in Europe; the clock advances a minute per decision so local times vary.
const t0 = new Date("2026-03-11T14:00:00Z").getTime();

function routeMany(n: number): { assigned: number; fallback: number } {
  const state = freshState();
  let assigned = 0;
  let fallback = 0;
  for (let i = 0; i < n; i++) {
    const { lead, segments } = leads[i % leads.length] as (typeof leads)[number];
    const { decision, update } = routeLead({
      lead,
      segments,
      config,
      reps,
      state,
      now: new Date(t0 + i * 60_000),
    });
    if (decision.outcome.kind === "assigned") assigned++;
    else fallback++;
    // What the caller's transaction does: write the changed rows (here into the in-memory state).
    Object.assign(state.cursor, update.cursor);
    for (const row of update.ledger) {
      const rows = state.ledger[row.pool] ?? {};
      rows[row.repSlackId] = row.entry;
      state.ledger[row.pool] = rows;
    }
    Object.assign(state.openCounts, update.openCounts);
    // Leads close as fast as they come, so capacity does not run out over a long run.
    if (i % 200 === 199) state.openCounts = freshState().openCounts;
  }
  return { assigned, fallback };
}

routeMany(2_000); // warm up the JIT

const N = 20_000;
let outcome = { assigned: 0, fallback: 0 };
const routeS = time(() => {
  outcome = routeMany(N);
});

const matchN = 200_000;
const matchS = time(() => {
  for (let i = 0; i < matchN; i++) {
    const { lead, segments } = leads[i % leads.length] as (typeof leads)[number];
    sink += matchRoute({ lead, segments, config }).index ?? 0;
  }
});

// The floor: touching every rep once per decision, with no logic at all.
const scanN = 200_000;
const scanS = time(() => {
  for (let i = 0; i < scanN; i++) for (const r of reps) if (r.away) sink++;
});

const sample = routeLead({
  ...(leads[0] as (typeof leads)[number]),
  config,
  reps,
  state: freshState(),
  now: new Date(t0),
});
const explainN = 20_000;
const explainS = time(() => {
  for (let i = 0; i < explainN; i++) sink += explainDecision(sample.decision).length;
});

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");
console.log("LeadOps routing benchmark");
console.log(
  `machine: ${os.cpus()[0]?.model ?? "unknown"} × ${os.cpus().length}, node ${process.version}, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ")}`,
);
console.log(
  `setup: ${REPS} reps in ${zones.length} time zones, ${routes.length + 1} routes (incl. default), ${pools.length} pools`,
);
console.log(`bare scan of ${REPS} reps (baseline): ${fmt(scanN / scanS)} scans/s`);
console.log(`matchRoute alone: ${fmt(matchN / matchS)} matches/s`);
console.log(
  `routeLead: ${fmt(N / routeS)} decisions/s (${N.toLocaleString("en-US")} in ${routeS.toFixed(2)} s; ${outcome.assigned} assigned, ${outcome.fallback} fallback) — goal > 5,000/s`,
);
console.log(`explainDecision: ${fmt(explainN / explainS)} texts/s`);
if (sink === Number.MIN_VALUE) console.log(sink); // keeps the work observable to the optimiser
