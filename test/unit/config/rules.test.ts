import { describe, expect, it } from "vitest";
import { defaultRules, parseRules, RulesError, rulesHash } from "../../../src/config/rules.ts";

function errorOf(text: string): RulesError {
  try {
    parseRules(text, "leadops.yml");
  } catch (err) {
    if (err instanceof RulesError) return err;
    throw err;
  }
  throw new Error("expected a RulesError");
}

describe("rules file", () => {
  it("has defaults for every section when the file is empty", () => {
    const rules = parseRules("");
    expect(rules).toEqual(defaultRules());
    expect(rules.reps).toEqual([]);
  });

  it("names the field and its line", () => {
    const err = errorOf("channels:\n  hot: C123\n  managers: general\nreps: []\n");
    expect(err.problems).toEqual([
      expect.objectContaining({
        path: "channels.managers",
        line: 3,
        message: expect.stringContaining("channel id"),
      }),
    ]);
    expect(err.message).toContain("line 3");
  });

  it("points into lists", () => {
    const err = errorOf(
      "reps:\n  - slackId: U1AAA\n    name: Ann\n  - slackId: U2BBB\n    name: Bob\n    weight: -1\n",
    );
    expect(err.problems[0]).toMatchObject({ path: "reps.1.weight", line: 6 });
  });

  it("refuses unknown keys and duplicate reps", () => {
    expect(errorOf("chanels: {}\n").message).toMatch(/chanels/);
    const dup = errorOf("reps:\n  - { slackId: U1AAA, name: A }\n  - { slackId: U1AAA, name: B }\n");
    expect(dup.message).toContain("duplicate rep U1AAA");
  });

  it("reports YAML syntax errors with a line", () => {
    const err = errorOf("reps:\n  - slackId: [U1\n");
    expect(err.problems[0]?.line).toBeGreaterThan(0);
  });

  it("hashes scoring rules stably and ignores key order", () => {
    const a = parseRules("reps: []\nchannels: { hot: C1AA }\n");
    const b = parseRules("channels: { hot: C1AA }\nreps: []\n");
    expect(rulesHash(a)).toBe(rulesHash(b));
  });
});
