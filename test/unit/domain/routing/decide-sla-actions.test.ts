import { describe, expect, it } from "vitest";
import { slaConfigSchema } from "../../../../src/core/routing/config.ts";
import { decideSlaActions, type SlaAssignment } from "../../../../src/core/routing/decide-sla-actions.ts";

const T0 = new Date("2026-03-11T15:00:00Z");
const at = (minutes: number) => new Date(T0.getTime() + minutes * 60_000);

/** Runs the job every minute for `minutes`, applying its actions as the caller would. */
function simulate(assignments: SlaAssignment[], cfg = slaConfigSchema.parse({}), minutes = 180) {
  const log: string[] = [];
  const rows = assignments.map((a) => ({ ...a }));
  for (let m = 0; m <= minutes; m++) {
    const now = at(m);
    const actions = decideSlaActions({ assignments: rows, now, config: cfg });
    for (const a of actions.nudge) {
      log.push(`${m} nudge ${a.assignmentId}`);
      const row = rows.find((r) => r.id === a.assignmentId);
      if (row) row.nudgedAt = now;
    }
    for (const a of actions.breach) {
      log.push(`${m} breach ${a.assignmentId}`);
      const row = rows.find((r) => r.id === a.assignmentId);
      if (row) row.breachedAt = now;
    }
    for (const a of actions.reroute) {
      log.push(`${m} reroute ${a.assignmentId}`);
      const row = rows.find((r) => r.id === a.assignmentId);
      if (row) row.endedAt = now;
      // The re-routed lead gets a new assignment whose clock starts now.
      rows.push({
        ...a,
        id: `${a.assignmentId}'`,
        repSlackId: "U002",
        createdAt: now,
        reroutes: (row?.reroutes ?? 0) + 1,
      });
    }
  }
  return log;
}

const base: SlaAssignment = { id: "A", leadId: "L", repSlackId: "U001", route: "sales-ready", createdAt: T0 };

describe("decideSlaActions with a controlled clock", () => {
  it("nudges at 15, breaches and re-routes at 60, each exactly once; the new owner gets fresh timers", () => {
    expect(simulate([base], undefined, 130)).toEqual([
      "15 nudge A",
      "60 breach A",
      "60 reroute A",
      "75 nudge A'",
      "120 breach A'",
      "120 reroute A'",
    ]);
  });

  it("a first response stops every timer", () => {
    const cfg = slaConfigSchema.parse({});
    const answered = { ...base, firstResponseAt: at(10) };
    expect(decideSlaActions({ assignments: [answered], now: at(200), config: cfg })).toEqual({
      nudge: [],
      reroute: [],
      breach: [],
    });
    const ended = { ...base, endedAt: at(10) };
    expect(decideSlaActions({ assignments: [ended], now: at(200), config: cfg }).breach).toEqual([]);
  });

  it("a late tick catches up without a pointless nudge", () => {
    const out = decideSlaActions({ assignments: [base], now: at(61), config: slaConfigSchema.parse({}) });
    expect(out.nudge).toEqual([]);
    expect(out.reroute.map((a) => a.minutesWaiting)).toEqual([61]);
    expect(out.breach).toHaveLength(1);
  });

  it("per-route overrides, a separate breach time, and a cap on re-routes", () => {
    const cfg = slaConfigSchema.parse({
      breachMinutes: 30,
      maxReroutes: 1,
      routes: {
        hot: { nudgeMinutes: 5, rerouteMinutes: 20 },
        quiet: { nudgeMinutes: null, rerouteMinutes: null },
      },
    });
    expect(simulate([{ ...base, route: "hot" }], cfg, 60)).toEqual([
      "5 nudge A",
      "20 breach A", // re-routing means the SLA was missed, even before breachMinutes
      "20 reroute A",
      "25 nudge A'",
      "40 breach A'", // A' may not be re-routed again (maxReroutes 1): it stays, managers are told
    ]);
    expect(simulate([{ ...base, route: "quiet" }], cfg, 600)).toEqual(["30 breach A"]);
    // Routes without overrides use the section's timers: breach (30) before the re-route (60).
    expect(simulate([{ ...base, route: "other" }], cfg, 70)).toEqual([
      "15 nudge A",
      "30 breach A",
      "60 reroute A",
    ]);
  });

  it("fallback assignments without an owner breach and re-route but are not nudged", () => {
    expect(simulate([{ ...base, repSlackId: null }], undefined, 60)).toEqual(["60 breach A", "60 reroute A"]);
  });
});
