// Scoring benchmark: rule evaluations per second and leads scored per second for a realistic
// rules file (20 fit rules, the default engagement rules, 50 events per lead), with the
// uncompiled `evaluateCondition` as the baseline measured in the same run.
// Run: npx tsx bench/scoring.ts
import os from "node:os";
import { parseRules } from "../src/config/rules.ts";
import type { LeadFacts } from "../src/core/leads/lead-facts.ts";
import { compileCondition, evaluateCondition, type Facts } from "../src/core/rules/conditions.ts";
import { compileScoring } from "../src/core/scoring/compile-scoring.ts";
import type { EventFacts } from "../src/core/scoring/types.ts";

const RULES = `
scoring:
  fit:
    - { id: c_level, when: { field: title, op: matches, value: "\\\\b(ceo|cto|cfo|coo|cmo|cro|chief)\\\\b" }, points: 20 }
    - { id: vp_director, when: { field: title, op: matches, value: "\\\\b(vp|vice president|director|head of)\\\\b" }, points: 12 }
    - { id: founder, when: { field: title, op: contains, value: founder }, points: 15 }
    - { id: seniority_exec, when: { field: seniority, op: in, value: [c-level, executive, owner] }, points: 10 }
    - { id: seniority_mgr, when: { field: seniority, op: in, value: [manager, senior] }, points: 5 }
    - { id: size_11_50, when: { field: companySize, op: between, value: [11, 50] }, points: 5 }
    - { id: size_51_200, when: { field: companySize, op: between, value: [51, 200] }, points: 10 }
    - { id: size_201_1000, when: { field: companySize, op: between, value: [201, 1000] }, points: 15 }
    - { id: size_1000_plus, when: { field: companySize, op: gte, value: 1001 }, points: 20 }
    - { id: tiny, when: { field: companySize, op: lte, value: 5 }, points: -5 }
    - { id: revenue_1m, when: { field: annualRevenue, op: between, value: [1000000, 9999999] }, points: 5 }
    - { id: revenue_10m, when: { field: annualRevenue, op: gte, value: 10000000 }, points: 10 }
    - { id: industry_core, when: { field: industry, op: in, value: [software, saas, fintech, internet] }, points: 10 }
    - { id: industry_adjacent, when: { field: industry, op: in, value: [consulting, marketing, media] }, points: 5 }
    - { id: country_core, when: { field: country, op: in, value: [US, CA, GB, DE, FR, NL] }, points: 5 }
    - { id: business_email, when: { field: domain, op: exists }, points: 5 }
    - { id: has_phone, when: { field: phone, op: exists }, points: 2 }
    - { id: consent, when: { field: consent, op: eq, value: true }, points: 2 }
    - { id: plan_enterprise, when: { field: attributes.plan, op: eq, value: enterprise }, points: 8 }
    - id: student
      when: { any: [{ field: title, op: matches, value: "\\\\b(student|intern)\\\\b" }, { not: { field: domain, op: exists } }] }
      points: -10
`;

const rules = parseRules(RULES);
const scorer = compileScoring(rules.scoring);
const now = new Date("2025-06-01T00:00:00Z");

// Deterministic pseudo-random data, so runs are comparable.
let seed = 42;
const rand = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)] as T;

const titles = [
  "CEO",
  "VP Sales",
  "Head of Growth",
  "Software Engineer",
  "Marketing Manager",
  "Founder",
  "Intern",
  "CFO",
];
const types = [
  "email_opened",
  "email_opened",
  "email_clicked",
  "page_visited",
  "page_visited",
  "email_replied",
  "subscribed",
  "appointment_booked",
  "appointment_canceled",
  "trial_started",
  "form_submitted",
  "chat_started",
];
const urls = [
  "https://acme.com/pricing",
  "https://acme.com/blog/post",
  "https://acme.com/",
  "https://acme.com/docs",
];

function makeLead(i: number): LeadFacts {
  return {
    email: `lead${i}@example.com`,
    title: pick(titles),
    seniority: pick(["c-level", "manager", "senior", "junior", "owner"]),
    companySize: Math.floor(rand() * 3000),
    annualRevenue: Math.floor(rand() * 50_000_000),
    industry: pick(["software", "retail", "consulting", "fintech", "education"]),
    country: pick(["US", "DE", "BR", "GB", "IN"]),
    domain: rand() < 0.8 ? "example.com" : null,
    phone: rand() < 0.5 ? "+1 555 0100" : null,
    consent: rand() < 0.5,
    attributes: { plan: pick(["free", "team", "enterprise"]) },
    createdAt: new Date(now.getTime() - Math.floor(rand() * 120) * 86_400_000),
  };
}

function makeEvents(n: number, prefix: string): EventFacts[] {
  const events: EventFacts[] = [];
  for (let j = 0; j < n; j++) {
    const type = pick(types);
    events.push({
      id: `${prefix}-${j}`,
      type,
      occurredAt: new Date(now.getTime() - Math.floor(rand() * 90 * 86_400_000)),
      properties: type === "page_visited" ? { url: pick(urls) } : {},
    });
  }
  // Stored events come back in time order; scoring re-sorts anyway for determinism.
  return events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
}

const LEADS = 100_000;
const EVENTS_PER_LEAD = 50;
// 100,000 leads × 50 distinct event objects would be ~5M objects; 2,000 event histories shared
// round-robin keep memory sane while every lead is still scored in full.
const histories = Array.from({ length: 2_000 }, (_, h) => makeEvents(EVENTS_PER_LEAD, `h${h}`));
const leads = Array.from({ length: LEADS }, (_, i) => makeLead(i));

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e9;
}

// Baseline: the fit rules interpreted by evaluateCondition vs compiled, over the same leads.
const fitConditions = rules.scoring.fit.map((r) => r.when);
const compiledFit = fitConditions.map(compileCondition);
let sink = 0;
const condRounds = 20_000;
const interpretedS = time(() => {
  for (let i = 0; i < condRounds; i++) {
    const lead = leads[i % LEADS] as Facts;
    for (const c of fitConditions) if (evaluateCondition(c, lead)) sink++;
  }
});
const compiledS = time(() => {
  for (let i = 0; i < condRounds; i++) {
    const lead = leads[i % LEADS] as Facts;
    for (const c of compiledFit) if (c(lead)) sink++;
  }
});
const condEvals = condRounds * fitConditions.length;

function scoreAll(withReceipt: boolean): { seconds: number; evaluations: number } {
  let evaluations = 0;
  const seconds = time(() => {
    for (let i = 0; i < LEADS; i++) {
      const input = {
        lead: leads[i] as LeadFacts,
        events: histories[i % histories.length] as EventFacts[],
        now,
      };
      const r = withReceipt ? scorer.score(input) : scorer.scoreTotals(input);
      sink += r.total;
      evaluations += scorer.evaluations;
    }
  });
  return { seconds, evaluations };
}

// Warm up the JIT on a slice before measuring.
for (let i = 0; i < 5_000; i++)
  scorer.score({ lead: leads[i] as LeadFacts, events: histories[i % 2000] as EventFacts[], now });

const full = scoreAll(true);
const totals = scoreAll(false);
const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

console.log("LeadOps scoring benchmark");
console.log(`machine: ${os.cpus()[0]?.model ?? "unknown"}, node ${process.version}`);
console.log(
  `rules: ${rules.scoring.fit.length} fit, ${rules.scoring.engagement.length} engagement (defaults); ${EVENTS_PER_LEAD} events per lead`,
);
console.log(
  `conditions, interpreted (evaluateCondition): ${fmt(condEvals / interpretedS)} evaluations/s (baseline)`,
);
console.log(`conditions, compiled (compileCondition):     ${fmt(condEvals / compiledS)} evaluations/s`);
console.log(
  `scoreLead with receipt: ${fmt(LEADS / full.seconds)} leads/s, ${fmt(full.evaluations / full.seconds)} rule evaluations/s (${fmt(full.evaluations / LEADS)} per lead), ${LEADS.toLocaleString("en-US")} leads in ${full.seconds.toFixed(2)} s`,
);
console.log(
  `totals only (no receipt): ${fmt(LEADS / totals.seconds)} leads/s, ${fmt(totals.evaluations / totals.seconds)} rule evaluations/s, ${LEADS.toLocaleString("en-US")} leads in ${totals.seconds.toFixed(2)} s`,
);
if (sink === Number.MIN_VALUE) console.log(sink); // keeps the work observable to the optimiser
