// Simulator = engine: the same leads go through `simulate` (with the live reps, capacity and
// rotation, read before each capture) and through the live app (POST /webhooks/leads), and every
// decision must agree: scores, grade, stage, segments and the routing outcome. The leads exercise
// what made them differ: the derived company domain (business_email), numbers sent as strings,
// unknown fields kept in attributes, a route on a grade below hot (routed at mql), a rep at
// capacity and the round-robin cursor.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSimulate } from "../../../src/cli/commands/simulate.ts";
import { parseRules } from "../../../src/config/rules.ts";
import { simulateLead } from "../../../src/core/leads/simulate-lead.ts";
import { simulateLiveLead } from "../../../src/flows/simulate-live-lead.ts";
import { parseSimulatedLead } from "../../../src/intake/simulated-lead.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const RULES = `
reps:
  - { slackId: U0ANN1, name: Ann Lee, capacity: 1 }
  - { slackId: U0BOB2, name: Bob Ray }
scoring:
  thresholds: { warm: 20, hot: 50 }
segments:
  - { name: enterprise-plan, kind: psychographic, when: { field: attributes.plan, op: eq, value: enterprise } }
  - { name: company-domain, kind: demographic, when: { field: domain, op: exists } }
routing:
  routes:
    - { name: big, grades: [hot], mode: assign, strategy: round_robin }
    - { name: warm-leads, grades: [warm], mode: assign }
`;

const LEADS = [
  // business_email comes only from the derived domain: 15 + 10 + 15 + 10 + 5 = 55, hot.
  { email: "cto@bigco.test", title: "CTO", seniority: "vp", companySize: "500", industry: "Software" },
  {
    email: "ceo@acme.test",
    title: "CEO",
    seniority: "vp",
    companySize: 300,
    industry: "saas",
    plan: "enterprise",
  },
  // Ann is at capacity (1 open lead): the rotation skips her.
  { email: "vp@initech.test", title: "VP Sales", seniority: "vp", companySize: 250, industry: "software" },
  // Free mail, a website naming the company: the domain is the website's.
  { email: "ada@gmail.com", website: "https://www.analytical.test/about", title: "Founder", companySize: 20 },
  // Warm (mql): the warm-leads route assigns it, whatever its stage.
  { email: "sam@gmail.com", title: "Head of Growth", companySize: 20 },
];

describe("simulate agrees with the live app", () => {
  let app: TestApp;
  const now = new Date();
  const rules = parseRules(RULES);
  beforeAll(async () => {
    app = await startTestApp({
      kind: "pglite",
      rulesYaml: RULES,
      env: { LEADOPS_WEBHOOK_SECRET: SECRET },
      now: () => now,
    });
  });
  afterAll(() => app.close());

  it("scores, grade, stage, segments and routing match for each lead", async () => {
    const ctx = { db: app.db, rules, now: () => now };
    const seen: string[] = [];
    for (const body of LEADS) {
      const lead = parseSimulatedLead(body);
      const sim = await simulateLiveLead({ ctx, lead });
      const res = await postSigned(app.server, "/webhooks/leads", body);
      expect(res.statusCode).toBe(201);
      const stored = await app.db.prisma.lead.findUniqueOrThrow({ where: { email: body.email } });
      const live = {
        fit: stored.fitScore,
        engagement: stored.engagementScore,
        total: stored.totalScore,
        grade: stored.grade,
        stage: stored.stage,
        segments: [...stored.segments].sort(),
        domain: stored.domain,
        owner: stored.ownerSlackId,
      };
      const simulated = {
        fit: sim.score.fit,
        engagement: sim.score.engagement,
        total: sim.score.total,
        grade: sim.grade,
        stage: sim.stage.stage,
        segments: [...sim.segments].sort(),
        domain: sim.domain,
        owner: sim.routing?.outcome.kind === "assigned" ? sim.routing.outcome.repSlackId : null,
      };
      expect(simulated, body.email).toEqual(live);
      seen.push(`${body.email} ${live.grade}/${live.stage} ${live.owner ?? sim.notRouted ?? "-"}`);
    }
    // The cases the leads were chosen for did happen.
    expect(seen).toEqual([
      "cto@bigco.test hot/sql U0ANN1",
      "ceo@acme.test hot/sql U0BOB2",
      "vp@initech.test hot/sql U0BOB2",
      "ada@gmail.com warm/mql U0BOB2",
      "sam@gmail.com warm/mql U0BOB2",
    ]);
  });

  it("without --live, the file's reps are all available and nothing is read", () => {
    const sim = simulateLead({ rules, now, lead: parseSimulatedLead(LEADS[2]) });
    expect(sim.live).toBe(false);
    expect(sim.routing?.outcome).toMatchObject({ kind: "assigned", repSlackId: "U0ANN1" });
  });

  it("a stored lead by email: its events and stage count, and an owned lead is not routed again", async () => {
    const ctx = { db: app.db, rules, now: () => now };
    const sim = await simulateLiveLead({
      ctx,
      lead: { email: "sam@gmail.com" },
      events: [{ type: "demo_requested" }, { type: "trial_started" }],
      useStored: true,
    });
    expect(sim.stored).toBe(true);
    expect(sim.domain).toBeNull();
    expect(sim.score.fit).toBe(20);
    const owned = await simulateLiveLead({ ctx, lead: { email: "cto@bigco.test" }, useStored: true });
    expect(owned.routing).toBeNull();
    expect(owned.notRouted).toContain("already has an owner");
    // Nothing was written: the lead still has no events, the rotation did not move.
    const sam = await app.db.prisma.lead.findUniqueOrThrow({
      where: { email: "sam@gmail.com" },
      include: { events: true },
    });
    expect(sam.events).toHaveLength(0);
  });

  it("leadops simulate --live reads the rotation and capacity; without it everyone is available", async () => {
    const dir = mkdtempSync(join(tmpdir(), "leadops-sim-"));
    const file = join(dir, "lead.json");
    writeFileSync(
      file,
      JSON.stringify({
        email: "new@hooli.test",
        title: "CTO",
        seniority: "vp",
        companySize: 900,
        industry: "software",
      }),
    );
    const out: string[] = [];
    const io = { out: (l: string) => out.push(l), err: () => {} };
    const open = async () => ({ ctx: { db: app.db, rules, now: () => now }, close: async () => {} });
    expect(await runSimulate([file, "--live", "--json"], io, open)).toBe(0);
    const live = JSON.parse(out.join("\n"));
    // Ann holds one open lead at capacity 1: only Bob is eligible.
    expect(live.live).toBe(true);
    expect(live.routing.outcome).toMatchObject({ kind: "assigned", repSlackId: "U0BOB2" });
    expect(
      live.routing.candidates.find((c: { slackId: string }) => c.slackId === "U0ANN1").reasons[0].code,
    ).toBe("at_capacity");
    expect(live.explanation).toContain("live reps and rotation");
    expect(await app.db.prisma.lead.count({ where: { email: "new@hooli.test" } })).toBe(0);
  });
});
