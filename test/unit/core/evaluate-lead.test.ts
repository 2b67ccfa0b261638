// evaluateLead is the one pure evaluation behind a refresh and `simulate`: a framework's
// `promoteToSql: false` keeps a qualified lead out of sql, and a nurtured lead comes back only on
// a real crossing of hot.
import { describe, expect, it } from "vitest";
import { defaultRules, parseRules } from "../../../src/config/rules.ts";
import { evaluateLead } from "../../../src/core/leads/evaluate-lead.ts";

const now = new Date("2026-06-01T12:00:00Z");
const facts = { email: "ada@acme.test", createdAt: now };

describe("evaluateLead", () => {
  it("promotes on a qualified submission only when its framework has promoteToSql", () => {
    const yaml = (promote: boolean) =>
      `qualification:\n  frameworks:\n    bant:\n      label: BANT\n      promoteToSql: ${promote}\n      qualifiedWhen: { minPoints: 1 }\n      fields:\n        - { id: notes, label: Notes, type: text }\n`;
    const submission = { id: "q1", framework: "bant", points: 40, qualified: true, at: now };
    const stageWith = (promote: boolean) =>
      evaluateLead({
        facts,
        events: [],
        qualifications: [submission],
        currentStage: "mql",
        wasIql: false,
        rules: parseRules(yaml(promote)),
        now,
      }).stage.stage;
    expect(stageWith(true)).toBe("sql");
    expect(stageWith(false)).toBe("mql");
  });

  it("brings a nurtured lead back as sql when it crosses hot, not when it was hot already", () => {
    const rules = defaultRules();
    const hotEvents = Array.from({ length: 12 }, (_, i) => ({
      id: `e${i}`,
      type: "appointment_booked",
      occurredAt: now,
      properties: {},
    }));
    const from = (previousGrade: string) =>
      evaluateLead({
        facts,
        events: hotEvents,
        qualifications: [],
        currentStage: "nurture",
        wasIql: false,
        previousGrade,
        rules,
        now,
      });
    expect(from("warm").score.grade).toBe("hot");
    expect(from("warm").stage.stage).toBe("sql");
    expect(from("hot").stage.stage).toBe("nurture");
  });
});
