// Routing triggers (core/routing/routing-gate.ts): a lead is routed the first time the first
// route it matches has mode claim or assign, whatever its stage, at capture or at any later
// refresh; once routed it is not routed again. The simulator says the same as the live app, and
// default rules keep a warm (mql) lead with marketing.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import { simulateLiveLead } from "../../../src/flows/simulate-live-lead.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";
import { postSigned, SECRET } from "../intake/signed.ts";

const BASE = `
reps:
  - { slackId: U0ANN1, name: Ann Lee }
scoring:
  thresholds: { warm: 20, hot: 50 }
`;
const WARM_ROUTE = `${BASE}
routing:
  routes:
    - { name: hot, grades: [hot], mode: claim }
    - { name: warm-leads, grades: [warm], mode: assign }
`;

describe.each(DB_KINDS)("routing triggers on %s", (kind) => {
  const now = new Date();
  let warm: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    const env = { LEADOPS_WEBHOOK_SECRET: SECRET };
    warm = await startTestApp({ kind, rulesYaml: WARM_ROUTE, env, now: () => now });
    plain = await startTestApp({ kind, rulesYaml: BASE, env, now: () => now });
  });
  afterAll(async () => {
    await warm?.close();
    await plain?.close();
  });

  const lead = (app: TestApp, email: string) =>
    app.db.prisma.lead.findUniqueOrThrow({ where: { email }, include: { assignments: true } });

  it("a lead held at capture is assigned when an event turns it warm, once, as the simulator says", async () => {
    const ctx = { db: warm.db, rules: parseRules(WARM_ROUTE), now: () => now };
    const email = "quiet@gmail.com";
    expect((await postSigned(warm.server, "/webhooks/leads", { email })).statusCode).toBe(201);
    const cold = await lead(warm, email);
    expect(cold).toMatchObject({ grade: "cold", stage: "lead", ownerSlackId: null });
    expect(cold.assignments).toHaveLength(0);
    const held = await simulateLiveLead({ ctx, lead: { email }, useStored: true });
    expect(held.notRouted).toContain("the first route it matches, default, has mode hold");

    const events = [{ type: "trial_started" }];
    const sim = await simulateLiveLead({ ctx, lead: { email }, events, useStored: true });
    expect(sim).toMatchObject({ grade: "warm", stage: { stage: "mql" }, notRouted: null });
    expect(sim.routing?.outcome).toMatchObject({ kind: "assigned", repSlackId: "U0ANN1" });

    const res = await postSigned(warm.server, "/webhooks/events", {
      id: "e-trial",
      type: "trial_started",
      email,
    });
    expect(res.statusCode).toBeLessThan(300);
    const routed = await lead(warm, email);
    expect(routed).toMatchObject({ grade: "warm", stage: "mql", ownerSlackId: "U0ANN1" });
    expect(routed.assignments).toHaveLength(1);

    // Later changes do not route it again: the owner stops the gate.
    await postSigned(warm.server, "/webhooks/events", { id: "e-open", type: "email_opened", email });
    const after = await lead(warm, email);
    expect(after.totalScore).toBeGreaterThan(routed.totalScore);
    expect(after.assignments).toHaveLength(1);
    expect(after.ownerSlackId).toBe("U0ANN1");
  });

  it("a warm lead captured with a grades: [warm] assign route is assigned at once", async () => {
    const body = { email: "sam@gmail.com", title: "Head of Growth", companySize: 20 };
    expect((await postSigned(warm.server, "/webhooks/leads", body)).statusCode).toBe(201);
    expect(await lead(warm, body.email)).toMatchObject({
      grade: "warm",
      stage: "mql",
      ownerSlackId: "U0ANN1",
    });
  });

  it("with default rules a warm (mql) lead stays unassigned, and the simulator says why", async () => {
    const body = { email: "sam@gmail.com", title: "Head of Growth", companySize: 20 };
    const ctx = { db: plain.db, rules: parseRules(BASE), now: () => now };
    const sim = await simulateLiveLead({ ctx, lead: body });
    expect(sim.routing).toBeNull();
    expect(sim.notRouted).toContain("default, has mode hold");
    expect((await postSigned(plain.server, "/webhooks/leads", body)).statusCode).toBe(201);
    const row = await lead(plain, body.email);
    expect(row).toMatchObject({ grade: "warm", stage: "mql", ownerSlackId: null, claimDeadlineAt: null });
    expect(row.assignments).toHaveLength(0);
  });
});
