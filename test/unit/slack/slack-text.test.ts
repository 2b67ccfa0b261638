// Slack text that reads right: emails without invisible characters, and the simulation saying
// when the live app would not route a lead.
import { describe, expect, it } from "vitest";
import { parseRules } from "../../../src/config/rules.ts";
import { simulateLead } from "../../../src/core/leads/simulate-lead.ts";
import { buildFindResults } from "../../../src/slack/blocks/commands.ts";
import { emailText } from "../../../src/slack/escape.ts";
import { simulationInput } from "../../../src/slack/listeners/commands/simulate.ts";
import { buildSimulation } from "../../../src/slack/render/simulation.ts";

const ZWSP = "\u200B";

describe("emails in Slack text", () => {
  it("a plain address is a mailto link with no zero-width spaces", () => {
    expect(emailText("first_last@acme.test")).toBe("<mailto:first_last@acme.test|first_last@acme.test>");
  });

  it("an address that could break a link or open markup is literal text in a code span", () => {
    expect(emailText("a*b|c@acme.test")).toBe("`a*b|c@acme.test`");
    expect(emailText("<@U0EVIL>&x@acme.test")).toBe("`&lt;@U0EVIL&gt;&amp;x@acme.test`");
    expect(emailText("a`b@acme.test")).not.toContain("<");
  });

  it("/leads find shows each email as a link, with no invisible characters", () => {
    const json = JSON.stringify(
      buildFindResults("snake", [
        { id: "l1", name: "Sam Snake", email: "sam_snake@acme.test", grade: "warm", total: 40 },
        { id: "l2", name: null, email: "no_name@acme.test", grade: "cold", total: 5 },
      ]).blocks,
    );
    expect(json).not.toContain(ZWSP);
    expect(json).toContain("<mailto:sam_snake@acme.test|sam_snake@acme.test>");
    // A lead without a name is named by its email, as a link too.
    expect(json).toContain("*<mailto:no_name@acme.test|no_name@acme.test>*");
  });
});

describe("/leads simulate", () => {
  it("reads an email with optional events, or a JSON lead", () => {
    expect(simulationInput('<mailto:a@b.test|a@b.test> [{"type":"demo_requested"}]')).toEqual({
      lead: { email: "a@b.test" },
      events: [{ type: "demo_requested" }],
      byEmail: true,
    });
    expect(simulationInput('{"email":"a@b.test"}')).toEqual({
      lead: { email: "a@b.test" },
      events: [],
      byEmail: false,
    });
    expect(() => simulationInput("a@b.test [oops")).toThrow("not valid JSON (events)");
  });

  it("says a warm lead is assigned by a warm route, and held by the default rules", () => {
    const lead = { email: "x@acme.test", title: "CTO", companySize: 500 };
    const routed = parseRules(
      "reps:\n  - { slackId: U0ANN1, name: Ann Lee }\nrouting:\n  routes:\n    - { name: warm-leads, grades: [warm], mode: assign }\n",
    );
    const sim = simulateLead({ rules: routed, now: new Date(), lead });
    expect(sim.grade).toBe("warm");
    expect(sim.notRouted).toBeNull();
    expect(sim.routing?.outcome).toMatchObject({ kind: "assigned", repSlackId: "U0ANN1" });

    const held = simulateLead({
      rules: parseRules("reps:\n  - { slackId: U0ANN1, name: Ann Lee }\n"),
      now: new Date(),
      lead,
    });
    expect(held.routing).toBeNull();
    const text = JSON.stringify(buildSimulation(held).blocks);
    expect(text).toContain("Not routed: the first route it matches, default, has mode hold");
    expect(text).toContain("It would match route default (hold).");
    expect(text).not.toContain("Ann Lee");
  });
});
