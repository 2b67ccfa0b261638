// `/leads simulate` and `leadops simulate` say what becomes of a nurtured lead that turns hot:
// back to sql (routed) with re-entry on, kept in nurture with the setting named when it is off.
import { describe, expect, it } from "vitest";
import { parseRules } from "../../../../src/config/rules.ts";
import { simulateLead } from "../../../../src/core/leads/simulate-lead.ts";

const now = new Date("2026-03-02T10:00:00Z");
const lead = { email: "nora@acme.test", stage: "nurture" };
const events = ["appointment_booked", "trial_started", "email_replied"].map((type) => ({ type }));

describe("simulating a nurtured lead that turns hot", () => {
  it("re-enters as sql by default", () => {
    const sim = simulateLead({ rules: parseRules(""), lead, events, now });
    expect(sim.grade).toBe("hot");
    expect(sim.stage.stage).toBe("sql");
    expect(sim.explanation).toContain("re-entered from nurture");
  });

  it("stays in nurture when scoring.stages.reenterFromNurture is off, and says so", () => {
    const rules = parseRules("scoring: { stages: { reenterFromNurture: false } }");
    const sim = simulateLead({ rules, lead, events, now });
    expect(sim.stage.stage).toBe("nurture");
    expect(sim.explanation).toContain("scoring.stages.reenterFromNurture");
  });
});
