// `leadops config check` never accepts a file whose effect differs from what it says.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { configCheckCommand } from "../../../src/cli/commands/config-check.ts";

const dir = mkdtempSync(join(tmpdir(), "leadops-check-"));

async function check(yaml: string): Promise<{ rc: number; out: string; err: string }> {
  const file = join(dir, `rules-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(file, yaml);
  const out: string[] = [];
  const err: string[] = [];
  const rc = await configCheckCommand.run([file], { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { rc, out: out.join("\n"), err: err.join("\n") };
}

describe("config check", () => {
  it("passes the example file and says what routing will do", async () => {
    const r = await check(readFileSync(new URL("../../../leadops.example.yml", import.meta.url), "utf8"));
    expect(r.err).toBe("");
    expect(r.rc).toBe(0);
    expect(r.out).toContain(
      "Routing runs whenever an unowned lead is captured or its score, grade or stage changes",
    );
    expect(r.out).toContain("  default: any other lead → held: not routed, it stays with marketing");
    expect(r.out).toContain("enterprise (claim, pool enterprise, weighted); hot (claim");
  });

  it("accepts a warm assign route and routes on stages before sql, and says what they do", async () => {
    const r = await check(
      [
        "reps:",
        "  - { slackId: U0ANN1, name: Ann Lee }",
        "routing:",
        "  routes:",
        "    - { name: hot, grades: [hot], mode: claim }",
        "    - { name: warm-leads, grades: [warm], mode: assign }",
        "    - name: early",
        "      stages: [lead, mql]",
        "    - { name: by-when, when: { field: stage, op: eq, value: mql } }",
      ].join("\n"),
    );
    expect(r.err).toBe("");
    expect(r.rc).toBe(0);
    expect(r.out).toContain(
      "  warm-leads: a lead with grade warm → assigned at once (round_robin over pool all)",
    );
    expect(r.out).toContain("  early: a lead with stage lead or mql → assigned at once");
    expect(r.out).toContain("  by-when: a lead with stage is mql → assigned at once");
    expect(r.out).toContain("  hot: a lead with grade hot → posted in the hot channel with Claim for 5 min");
    expect(r.out).not.toContain("never fires");
  });

  it("fails on routes that cannot fire, with their lines", async () => {
    const r = await check(
      [
        "reps:",
        "  - { slackId: U0ANN1, name: Ann Lee }",
        "routing:",
        "  routes:",
        "    - { name: hot, grades: [hot], mode: claim }",
        "    - { name: won, stages: [customer], mode: assign }",
        "    - { name: won-hold, stages: [customer], mode: hold }",
        "    - { name: by-when, when: { field: stage, op: eq, value: nurture } }",
        "    - { name: ghost, segments: [no-such-segment] }",
        "    - { name: tepid, grades: [tepid] }",
      ].join("\n"),
    );
    expect(r.rc).toBe(1);
    expect(r.err).toContain(
      "line 6: routing.routes.1.stages: route won never fires: routing hands out only leads at stage lead, mql, sql",
    );
    expect(r.err).not.toContain("won-hold");
    expect(r.err).toContain("line 8: routing.routes.3.when: route by-when never fires");
    expect(r.err).toContain("line 9: routing.routes.4.segments: route ghost can never match");
    expect(r.err).toContain(
      "line 10: routing.routes.5.grades: route tepid can never match: no lead has grade tepid",
    );
    expect(r.err).toContain("4 warnings");
  });

  it("fails on routes after a catch-all and when no route takes a hot lead", async () => {
    const r = await check(
      "routing:\n  routes:\n    - { name: everyone, mode: hold }\n    - { name: hot, grades: [hot], mode: claim }\n",
    );
    expect(r.err).toContain(
      "line 4: routing.routes.1.name: route hot can never match: route everyone before it",
    );
    const none = await check("routing:\n  routes:\n    - { name: early, stages: [mql] }\n");
    expect(none.err).toContain("no route takes a hot lead");
  });

  it("fails on pools that can never have members or that no route uses", async () => {
    const r = await check(
      [
        "reps:",
        "  - { slackId: U0ANN1, name: Ann Lee, seniority: junior }",
        "routing:",
        "  pools:",
        "    - { name: seniors, seniority: [senior] }",
        "    - { name: experts, matchLead: [industry] }",
        "    - { name: listed, reps: [U0GHOST1] }",
        "  routes:",
        "    - { name: hot, grades: [hot], mode: claim, pool: seniors, overflow: [experts, listed] }",
      ].join("\n"),
    );
    expect(r.rc).toBe(1);
    expect(r.err).toContain("line 5: routing.pools.0.name: pool seniors can never have members");
    expect(r.err).toContain("line 6: routing.pools.1.name: pool experts can never have members");
    expect(r.err).toContain("line 7: routing.pools.2.reps.0: U0GHOST1 is not in reps");
    const unused = await check(
      "reps:\n  - { slackId: U0ANN1, name: Ann Lee }\nrouting:\n  pools:\n    - { name: spare, reps: [U0ANN1] }\n",
    );
    expect(unused.err).toContain("line 5: routing.pools.0.name: pool spare is used by no route that routes");
  });

  it("fails on an SLA override for a route that does not exist", async () => {
    const r = await check("sla:\n  routes:\n    hott:\n      nudgeMinutes: 5\n");
    expect(r.err).toContain("line 4: sla.routes.hott: no route is named hott: this override never applies");
  });

  it("accepts promoteToSql: false (it is honoured, so there is nothing to warn about)", async () => {
    const r = await check(
      [
        "qualification:",
        "  frameworks:",
        "    quick:",
        "      label: Quick",
        "      fields: [{ id: budget, label: Budget, type: text }]",
        "      qualifiedWhen: { minPoints: 0 }",
        "      promoteToSql: false",
      ].join("\n"),
    );
    expect(r.rc).toBe(0);
    expect(r.err).not.toContain("promoteToSql");
  });
});
