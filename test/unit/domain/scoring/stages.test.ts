import { describe, expect, it } from "vitest";
import { decideStage } from "../../../../src/core/scoring/decide-stage.ts";
import { detectCrossings } from "../../../../src/core/scoring/detect-crossings.ts";
import { isIql } from "../../../../src/core/scoring/is-iql.ts";
import { defaults, scoring } from "./fixtures.ts";

const config = defaults();
const moveBack = scoring({ stages: { moveBack: true } });

describe("decideStage", () => {
  it("lead → mql when warm, → sql when hot", () => {
    expect(decideStage({ current: "lead", grade: "cold", qualified: false, config })).toMatchObject({
      stage: "lead",
      changed: false,
    });
    expect(decideStage({ current: "lead", grade: "warm", qualified: false, config })).toEqual({
      stage: "mql",
      changed: true,
      reason: "total score reached the warm threshold (30)",
      move: "warm",
    });
    expect(decideStage({ current: "mql", grade: "hot", qualified: false, config })).toMatchObject({
      stage: "sql",
      reason: "total score reached the hot threshold (60)",
    });
    expect(decideStage({ current: "lead", grade: "hot", qualified: false, config }).stage).toBe("sql");
  });

  it("a qualifying submission promotes to sql whatever the score", () => {
    expect(decideStage({ current: "lead", grade: "cold", qualified: true, config })).toMatchObject({
      stage: "sql",
      changed: true,
      reason: "a qualification submission counts as qualified",
    });
  });

  it("does not move back automatically by default", () => {
    const d = decideStage({ current: "sql", grade: "cold", qualified: false, config });
    expect(d).toMatchObject({ stage: "sql", changed: false });
    expect(d.reason).toContain("scoring.stages.moveBack");
    expect(decideStage({ current: "mql", grade: "cold", qualified: false, config }).stage).toBe("mql");
  });

  it("moves back when configured, but a qualified lead stays sql", () => {
    expect(decideStage({ current: "sql", grade: "warm", qualified: false, config: moveBack })).toMatchObject({
      stage: "mql",
      changed: true,
    });
    expect(decideStage({ current: "sql", grade: "cold", qualified: false, config: moveBack }).stage).toBe(
      "lead",
    );
    expect(decideStage({ current: "sql", grade: "cold", qualified: true, config: moveBack }).stage).toBe(
      "sql",
    );
  });

  it("never changes customer or disqualified", () => {
    for (const current of ["customer", "disqualified"] as const) {
      for (const c of [config, moveBack]) {
        const d = decideStage({ current, grade: "hot", qualified: true, config: c });
        expect(d).toMatchObject({ stage: current, changed: false });
        expect(decideStage({ current, grade: "cold", qualified: false, config: c }).stage).toBe(current);
      }
    }
  });

  it("brings a nurtured lead back as sql when its score crosses hot (move reenter)", () => {
    expect(
      decideStage({ current: "nurture", grade: "hot", previousGrade: "warm", qualified: false, config }),
    ).toEqual({
      stage: "sql",
      changed: true,
      move: "reenter",
      reason: "re-entered from nurture: total score reached the hot threshold (60)",
    });
    // Warm, or qualified long ago, is not enough: only a hot score brings it back.
    expect(decideStage({ current: "nurture", grade: "warm", qualified: true, config })).toMatchObject({
      stage: "nurture",
      changed: false,
    });
    // Nurtured while already hot: it has to cross hot again.
    const stillHot = decideStage({
      current: "nurture",
      grade: "hot",
      previousGrade: "hot",
      qualified: false,
      config,
    });
    expect(stillHot).toMatchObject({ stage: "nurture", changed: false });
    expect(stillHot.reason).toContain("crosses hot again");
  });

  it("keeps a nurtured lead in nurture when reenterFromNurture is off, and says so", () => {
    const off = scoring({ stages: { reenterFromNurture: false } });
    const d = decideStage({
      current: "nurture",
      grade: "hot",
      previousGrade: "cold",
      qualified: false,
      config: off,
    });
    expect(d).toMatchObject({ stage: "nurture", changed: false });
    expect(d.reason).toContain("scoring.stages.reenterFromNurture");
  });

  it("asks the lifecycle table: a lost (closed) lead keeps its stage", () => {
    const d = decideStage({ current: "mql", grade: "hot", qualified: false, ownership: "closed", config });
    expect(d).toMatchObject({ stage: "mql", changed: false });
    expect(d.reason).toContain("closed");
    expect(
      decideStage({ current: "mql", grade: "hot", qualified: false, ownership: "owned", config }),
    ).toMatchObject({ stage: "sql", move: "hot" });
  });

  it("follows configured thresholds in its reasons", () => {
    const c = scoring({ thresholds: { warm: 10, hot: 20 } });
    expect(decideStage({ current: "lead", grade: "hot", qualified: false, config: c }).reason).toBe(
      "total score reached the hot threshold (20)",
    );
  });
});

describe("isIql", () => {
  it("top-of-funnel leads are information-qualified by default", () => {
    expect(isIql({ funnelStage: "top", leadMagnet: "ebook" }, config)).toBe(true);
    expect(isIql({ funnelStage: "TOP" }, config)).toBe(true);
    expect(isIql({ funnelStage: "bottom", leadMagnet: "demo" }, config)).toBe(false);
    expect(isIql({}, config)).toBe(false);
  });
  it("a configured list of lead magnets qualifies too", () => {
    const c = scoring({ iql: { leadMagnets: ["State of Sales 2025", "checklist"], funnelStages: [] } });
    expect(isIql({ leadMagnet: "state of sales 2025", funnelStage: "middle" }, c)).toBe(true);
    expect(isIql({ leadMagnet: "Checklist" }, c)).toBe(true);
    expect(isIql({ leadMagnet: "demo", funnelStage: "top" }, c)).toBe(false);
  });
});

describe("detectCrossings", () => {
  const thresholds = config.thresholds;

  it("nothing changed, nothing crossed", () => {
    expect(
      detectCrossings({ before: { grade: "warm", stage: "mql" }, after: { grade: "warm", stage: "mql" } }),
    ).toEqual([]);
  });

  it("up: grade and stage, each once, with reasons", () => {
    expect(
      detectCrossings({
        before: { grade: "warm", stage: "mql", total: 45 },
        after: {
          grade: "hot",
          stage: "sql",
          total: 62,
          stageReason: "total score reached the hot threshold (60)",
        },
        thresholds,
      }),
    ).toEqual([
      {
        field: "grade",
        from: "warm",
        to: "hot",
        direction: "up",
        reason: "total score 45 → 62 reached the hot threshold (60)",
        key: "grade:warm->hot",
      },
      {
        field: "stage",
        from: "mql",
        to: "sql",
        direction: "up",
        reason: "total score reached the hot threshold (60)",
        key: "stage:mql->sql",
      },
    ]);
  });

  it("down: a falling grade is reported even when the stage stays", () => {
    expect(
      detectCrossings({
        before: { grade: "hot", stage: "sql", total: 61 },
        after: { grade: "warm", stage: "sql", total: 55 },
        thresholds,
      }),
    ).toEqual([
      {
        field: "grade",
        from: "hot",
        to: "warm",
        direction: "down",
        reason: "total score 61 → 55 fell below the hot threshold (60)",
        key: "grade:hot->warm",
      },
    ]);
    const [c] = detectCrossings({
      before: { grade: "warm", stage: "mql", total: 31 },
      after: { grade: "cold", stage: "lead", total: 10 },
      thresholds,
    }).filter((x) => x.field === "grade");
    expect(c?.reason).toBe("total score 31 → 10 fell below the warm threshold (30)");
  });

  it("stage moves made by people have a direction too", () => {
    const [toNurture] = detectCrossings({
      before: { grade: "hot", stage: "sql" },
      after: { grade: "hot", stage: "nurture" },
    });
    expect(toNurture).toMatchObject({ direction: "down", reason: "stage changed from sql to nurture" });
    const [won] = detectCrossings({
      before: { grade: "hot", stage: "sql" },
      after: { grade: "hot", stage: "customer" },
    });
    expect(won?.direction).toBe("up");
  });
});
