// The SLA job on the business clock (sla.clock): a lead assigned at 17:55 to a rep who works
// 09:00–18:00 is not nudged, breached or re-routed overnight, and nothing counts toward the rep's
// auto-pause until their next morning; `sla.clock: wall` keeps the old overnight behaviour.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import type { AppContext } from "../../../src/context.ts";
import { routeReadyLead } from "../../../src/flows/route-ready-lead.ts";
import { run as slaCheck } from "../../../src/jobs/sla-check.ts";
import { startTestApp, type TestApp } from "../../helpers/app.ts";
import { DB_KINDS } from "../../helpers/db.ts";

const HOURS = `{ start: "09:00", end: "18:00" }`;
const RULES = `
channels: { hot: C0HOT, managers: C0MGR, marketing: C0MKT }
roles: { managers: [U0BOSS] }
reps:
  - { slackId: U0A, name: Ann, timezone: Europe/Berlin, workingHours: ${HOURS} }
  - { slackId: U0B, name: Bob, timezone: Europe/Berlin, workingHours: ${HOURS} }
`;
// Monday 2026-03-02 17:55 in Berlin (UTC+1).
const ASSIGNED = new Date("2026-03-02T16:55:00Z");

describe.each(DB_KINDS)("the SLA clock on %s", (kind) => {
  let app: TestApp;
  let clock = ASSIGNED;
  const prisma = () => app.db.prisma;

  beforeAll(async () => {
    app = await startTestApp({ kind, rulesYaml: RULES, now: () => clock, routes: [] });
  });
  afterAll(() => app.close());
  beforeEach(async () => {
    clock = ASSIGNED;
    const p = prisma();
    await p.lead.deleteMany();
    await p.routingCursor.deleteMany();
    await p.fairnessLedger.deleteMany();
    await p.outboxMessage.deleteMany();
    await p.rep.updateMany({ data: { paused: false, missedClaims: 0, slaBreaches: 0 } });
  });

  async function assignedLead(ctx: AppContext): Promise<string> {
    const lead = await prisma().lead.create({
      data: { email: `l${Math.random().toString(36).slice(2)}@acme.io`, grade: "warm", stage: "sql" },
    });
    await app.db.transaction((tx) =>
      routeReadyLead({ tx, ctx, leadId: lead.id, segments: [], actor: "test" }),
    );
    return lead.id;
  }
  const counters = () =>
    prisma().rep.findUniqueOrThrow({
      where: { slackId: "U0A" },
      select: { slaBreaches: true, missedClaims: true },
    });
  const at = (iso: string) => {
    clock = new Date(iso);
    return clock;
  };

  it("business (the default): nothing overnight; nudge at 09:10, breach and re-route at 09:55", async () => {
    const leadId = await assignedLead(app.ctx);
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: leadId } })).ownerSlackId).toBe("U0A");
    for (const iso of ["2026-03-02T17:30:00Z", "2026-03-02T23:00:00Z", "2026-03-03T07:59:00Z"])
      expect(await slaCheck(app.ctx, at(iso)), iso).toMatchObject({ nudged: 0, breached: 0, rerouted: 0 });
    expect(await counters()).toEqual({ slaBreaches: 0, missedClaims: 0 });
    expect(await slaCheck(app.ctx, at("2026-03-03T08:10:00Z"))).toMatchObject({ nudged: 1 });
    const nudge = await prisma().outboxMessage.findFirstOrThrow({ where: { kind: "sla_nudge" } });
    expect(nudge.payload).toMatchObject({ minutesLeft: 45 });
    expect(await slaCheck(app.ctx, at("2026-03-03T08:55:00Z"))).toMatchObject({ breached: 1, rerouted: 1 });
    expect((await prisma().lead.findUniqueOrThrow({ where: { id: leadId } })).ownerSlackId).toBe("U0B");
    // A breach inside the owner's hours counts, as before.
    expect(await counters()).toEqual({ slaBreaches: 1, missedClaims: 1 });
  });

  it("wall: the same lead breaches overnight and counts toward auto-pause", async () => {
    const ctx = { ...app.ctx, rules: parseRules(`${RULES}sla: { clock: wall }\n`) };
    await assignedLead(ctx);
    // Nobody is in working hours at 23:00, so the re-route finds nobody; the breach is recorded.
    expect(await slaCheck(ctx, at("2026-03-02T23:00:00Z"))).toMatchObject({ breached: 1, rerouted: 0 });
    expect(await counters()).toMatchObject({ slaBreaches: 1 });
  });
});
