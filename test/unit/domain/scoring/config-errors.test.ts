// Rules-file mistakes in the scoring section: the message names the rule and the line.
import { describe, expect, it } from "vitest";
import { parseRules } from "../../../../src/config/rules.ts";

function errorOf(yaml: string): string {
  try {
    parseRules(yaml);
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the rules to be rejected");
}

describe("scoring config errors", () => {
  it("a bad operator value names the fit rule and its line", () => {
    const message = errorOf(
      [
        "scoring:",
        "  fit:",
        "    - id: big_company",
        "      when: { field: companySize, op: gte, value: lots }",
        "      points: 10",
        "",
      ].join("\n"),
    );
    expect(message).toContain('fit rule "big_company"');
    expect(message).toContain("operator gte needs a number");
    expect(message).toMatch(/line 4: scoring\.fit\.0\.when\.value/);
  });

  it("a bad decay names the engagement rule and its line", () => {
    const message = errorOf(
      [
        "scoring:",
        "  engagement:",
        "    - id: email_opened",
        "      event: email_opened",
        "      points: 5",
        "    - id: webinar_attended",
        "      event: webinar_attended",
        "      points: 20",
        "      decay: { halfLifeDays: 0 }",
        "",
      ].join("\n"),
    );
    expect(message).toContain('engagement rule "webinar_attended"');
    expect(message).toContain("line 9:");
    expect(message).toContain("decay must be none, { halfLifeDays: N }");
  });

  it("points that are not a number", () => {
    const message = errorOf(
      [
        "scoring:",
        "  engagement:",
        "    - id: clicked",
        "      event: email_clicked",
        "      points: ten",
        "",
      ].join("\n"),
    );
    expect(message).toMatch(/line 5: scoring\.engagement\.0\.points: engagement rule "clicked":/);
  });

  it("negative points may not decay", () => {
    const message = errorOf(
      [
        "scoring:",
        "  engagement:",
        "    - id: unsub",
        "      event: unsubscribed",
        "      points: -25",
        "      decay: { linearDays: 30 }",
        "",
      ].join("\n"),
    );
    expect(message).toMatch(/line 6: .*engagement rule "unsub": negative points do not decay/);
  });

  it("a rule needs exactly one of event or absent", () => {
    const message = errorOf(
      ["scoring:", "  engagement:", "    - id: nothing", "      points: 1", ""].join("\n"),
    );
    expect(message).toMatch(
      /line 3: scoring\.engagement\.0: engagement rule "nothing": needs exactly one of `event` or `absent`/,
    );
  });

  it("duplicate rule ids", () => {
    const message = errorOf(
      [
        "scoring:",
        "  fit:",
        "    - { id: vp, when: { field: title, op: contains, value: vp }, points: 5 }",
        "    - { id: vp, when: { field: title, op: contains, value: chief }, points: 5 }",
        "",
      ].join("\n"),
    );
    expect(message).toMatch(/line 4: scoring\.fit\.1: duplicate fit rule "vp"/);
  });

  it("thresholds out of order and unknown keys", () => {
    expect(errorOf("scoring:\n  thresholds: { warm: 70, hot: 60 }\n")).toMatch(
      /line 2: .*warm must be below hot/,
    );
    expect(errorOf("scoring:\n  treshold: 5\n")).toMatch(/line 2: .*treshold/);
  });

  it("a valid section parses; omitted keys take the defaults", () => {
    const rules = parseRules(
      [
        "scoring:",
        "  thresholds: { warm: 20, hot: 50 }",
        "  fit:",
        "    - id: vp",
        "      when: { field: title, op: matches, value: '\\bvp\\b' }",
        "      points: 10",
        "  engagement:",
        "    - { id: demo, event: appointment_booked, points: 30, maxCount: 1, decay: { windowDays: 90 } }",
        "    - { id: quiet, absent: { event: [email_opened, email_clicked], days: 14 }, points: -5 }",
        "",
      ].join("\n"),
    );
    expect(rules.scoring.thresholds).toEqual({ warm: 20, hot: 50 });
    expect(rules.scoring.engagement[0]).toMatchObject({
      id: "demo",
      decay: { kind: "window", days: 90 },
      maxCount: 1,
    });
    expect(rules.scoring.engagement[1]).toMatchObject({
      match: "absence",
      events: ["email_opened", "email_clicked"],
      days: 14,
    });
    expect(rules.scoring.stages.moveBack).toBe(false);
    expect(rules.scoring.decay).toEqual({ kind: "halfLife", days: 60 });
  });
});
