// `matches` patterns run in linear time (RE2): a catastrophic pattern and a crafted value cannot
// freeze the process, patterns RE2 cannot run are refused at load with their line, and only the
// first MAX_MATCH_INPUT characters of a value are looked at.
import { describe, expect, it } from "vitest";
import { parseRules, RulesError } from "../../../src/config/rules.ts";
import {
  type Condition,
  compileCondition,
  evaluateCondition,
  leafConditionSchema,
  MAX_MATCH_INPUT,
} from "../../../src/core/rules/conditions.ts";

const rulesWith = (pattern: string) =>
  [
    "scoring:",
    "  fit:",
    "    - id: catastrophic",
    `      when: { field: title, op: matches, value: '${pattern}' }`,
    "      points: 10",
    "",
  ].join("\n");

describe("matches patterns", () => {
  it("runs (a+)+$ on a crafted 9,000-character value and finishes", () => {
    // With `new RegExp` this backtracks exponentially: 30 characters already take seconds.
    const rules = parseRules(rulesWith("(a+)+$"));
    const condition = rules.scoring.fit[0]?.when as Condition;
    const title = `${"a".repeat(9_000)}!`;
    expect(compileCondition(condition)({ title })).toBe(false);
    expect(evaluateCondition(condition, { title })).toBe(false);
    expect(compileCondition(condition)({ title: "aaa" })).toBe(true);
  });

  it("refuses look-around and back-references at load, with the line", () => {
    for (const pattern of ["(?=admin)adm", "(a)\\1"]) {
      let error: unknown;
      try {
        parseRules(rulesWith(pattern), "leadops.yml");
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(RulesError);
      const problem = (error as RulesError).problems[0];
      expect(problem?.line).toBe(4);
      expect(problem?.message).toContain("RE2");
      expect((error as Error).message).toContain("line 4");
    }
  });

  it("keeps the meaning of ordinary patterns, case folding included", () => {
    const vp = leafConditionSchema.parse({ field: "title", op: "matches", value: "\\b(vp|head of)\\b" });
    expect(compileCondition(vp)({ title: "VP Sales" })).toBe(true);
    expect(compileCondition(vp)({ title: "MVP builder" })).toBe(false);
    expect(compileCondition(vp)({ title: ["Intern", "Head of Growth"] })).toBe(true);
    const exact = leafConditionSchema.parse({ field: "t", op: "matches", value: "^ab$", ignoreCase: false });
    expect(compileCondition(exact)({ t: "AB" })).toBe(false);
    expect(compileCondition(exact)({ t: "ab" })).toBe(true);
  });

  it("looks only at the first MAX_MATCH_INPUT characters", () => {
    const c = leafConditionSchema.parse({ field: "notes", op: "matches", value: "needle" });
    expect(compileCondition(c)({ notes: `${"x".repeat(MAX_MATCH_INPUT - 6)}needle` })).toBe(true);
    expect(compileCondition(c)({ notes: `${"x".repeat(MAX_MATCH_INPUT)}needle` })).toBe(false);
  });
});
