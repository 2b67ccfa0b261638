import { describe, expect, it } from "vitest";
import { defaultRules, parseRules } from "../../../../src/config/rules.ts";
import { isQualified } from "../../../../src/core/qualification/is-qualified.ts";
import { validateQualification } from "../../../../src/core/qualification/validate-qualification.ts";
import { decideStage } from "../../../../src/core/scoring/decide-stage.ts";
import { scoreLead } from "../../../../src/core/scoring/score-lead.ts";

const rules = defaultRules();
const { frameworks } = rules.qualification;
const champ = frameworks.champ!;
const NOW = new Date("2025-06-01T12:00:00Z");

describe("frameworks as data", () => {
  it("CHAMP is the default, with BANT and MEDDIC beside it", () => {
    expect(rules.qualification.default).toBe("champ");
    expect(Object.keys(frameworks).sort()).toEqual(["bant", "champ", "meddic"]);
  });

  it("CHAMP's modal labels start with Challenges, Authority, Money, Prioritization, plus Notes", () => {
    const labels = champ.fields.map((f) => f.label);
    expect(labels[0]).toMatch(/^Challenges/);
    expect(labels[1]).toMatch(/^Authority/);
    expect(labels[2]).toMatch(/^Money/);
    expect(labels[3]).toMatch(/^Prioritization/);
    expect(champ.fields[4]).toMatchObject({ id: "notes", label: "Notes", type: "text", required: false });
  });

  it("every built-in select field has options with points", () => {
    for (const framework of Object.values(frameworks)) {
      for (const field of framework.fields.filter((f) => f.type === "select")) {
        expect(field.options?.length).toBeGreaterThan(0);
        expect(field.options?.every((o) => typeof o.points === "number")).toBe(true);
      }
    }
  });
});

describe("validateQualification", () => {
  const best = {
    challenges: "clear_fit",
    authority: "decision_maker",
    money: "allocated",
    prioritization: "this_quarter",
  };

  it("sums the chosen options and says whether that qualifies", () => {
    expect(
      validateQualification({ framework: champ, answers: { ...best, notes: "  Call went well " } }),
    ).toEqual({
      ok: true,
      framework: "champ",
      points: 40,
      qualified: true,
      answers: { ...best, notes: "Call went well" },
    });
    const weak = {
      challenges: "some_fit",
      authority: "influencer",
      money: "none",
      prioritization: "no_timeline",
    };
    expect(validateQualification({ framework: champ, answers: weak })).toMatchObject({
      ok: true,
      points: 10,
      qualified: false,
    });
  });

  it("reports every field-level error at once", () => {
    const result = validateQualification({
      framework: champ,
      answers: { challenges: "clear_fit", authority: "the CEO", money: "", budget: "x" },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "budget", message: "unknown field for CHAMP" },
        { field: "authority", message: 'unknown option "the CEO"' },
        { field: "money", message: "Money is required" },
        { field: "prioritization", message: "Prioritization is required" },
      ],
    });
  });

  it("rejects non-text answers and over-long notes", () => {
    const result = validateQualification({
      framework: champ,
      answers: { ...best, money: 3, notes: "x".repeat(3001) },
    });
    expect(result).toEqual({
      ok: false,
      errors: [
        { field: "money", message: "must be text" },
        { field: "notes", message: "must be at most 3000 characters" },
      ],
    });
  });

  it("a disqualifying option wins over points", () => {
    const { qualification } = parseRules(
      [
        "qualification:",
        "  frameworks:",
        "    quick:",
        "      label: Quick check",
        "      qualifiedWhen: { minPoints: 5 }",
        "      fields:",
        "        - id: fit",
        "          label: Fit",
        "          type: select",
        "          required: true",
        "          options:",
        "            - { value: yes, label: Yes, points: 10 }",
        "            - { value: competitor, label: Works for a competitor, points: 10, disqualifies: true }",
        "",
      ].join("\n"),
    );
    const quick = qualification.frameworks.quick!;
    expect(validateQualification({ framework: quick, answers: { fit: "yes" } })).toMatchObject({
      qualified: true,
    });
    expect(validateQualification({ framework: quick, answers: { fit: "competitor" } })).toMatchObject({
      ok: true,
      qualified: false,
    });
    expect(Object.keys(qualification.frameworks).sort()).toEqual(["bant", "champ", "meddic", "quick"]);
  });
});

describe("a submission updates fit and can promote to sql", () => {
  it("adds fit points as qualification:champ and promotes when qualified", () => {
    const result = validateQualification({
      framework: champ,
      answers: {
        challenges: "clear_fit",
        authority: "decision_maker",
        money: "can_find",
        prioritization: "this_year",
      },
    });
    if (!result.ok) throw new Error("expected valid");
    const submission = {
      id: "q1",
      framework: result.framework,
      points: result.points,
      qualified: result.qualified,
      at: NOW,
    };
    const score = scoreLead({
      lead: {},
      events: [],
      qualifications: [submission],
      config: rules.scoring,
      now: NOW,
    });
    expect(score.fit).toBe(30);
    expect(score.receipt).toContainEqual({
      rule: "qualification:champ",
      kind: "fit",
      points: 30,
      currentPoints: 30,
      eventId: null,
      at: NOW,
    });
    const qualified = isQualified({ qualifications: [submission], config: rules.qualification });
    expect(qualified).toBe(true);
    expect(decideStage({ current: "lead", grade: score.grade, qualified, config: rules.scoring }).stage).toBe(
      "sql",
    );
  });

  it("the latest submission decides; promoteToSql: false never promotes", () => {
    const older = {
      id: "a",
      framework: "champ",
      points: 40,
      qualified: true,
      at: new Date(NOW.getTime() - 1),
    };
    const newer = { id: "b", framework: "champ", points: 5, qualified: false, at: NOW };
    expect(isQualified({ qualifications: [newer, older], config: rules.qualification })).toBe(false);
    const { qualification } = parseRules(
      "qualification:\n  frameworks:\n    bant:\n      label: BANT\n      promoteToSql: false\n      qualifiedWhen: { minPoints: 1 }\n      fields:\n        - { id: notes, label: Notes, type: text }\n",
    );
    const bant = { id: "c", framework: "bant", points: 40, qualified: true, at: NOW };
    expect(isQualified({ qualifications: [bant], config: qualification })).toBe(false);
  });
});

describe("qualification config errors", () => {
  it("name the field and the line", () => {
    const yaml = [
      "qualification:",
      "  frameworks:",
      "    champ:",
      "      label: CHAMP",
      "      qualifiedWhen: { minPoints: 20 }",
      "      fields:",
      "        - id: challenges",
      "          label: Challenges",
      "          type: select",
      "",
    ].join("\n");
    expect(() => parseRules(yaml)).toThrow(
      /line 7: qualification\.frameworks\.champ\.fields\.0\.options: field "challenges": a select field needs options/,
    );
    expect(() => parseRules("qualification:\n  default: spiced\n")).toThrow(
      /line 2: qualification\.default: unknown framework "spiced"/,
    );
  });
});
