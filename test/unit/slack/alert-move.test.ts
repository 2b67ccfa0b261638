import { describe, expect, it } from "vitest";
import { buildThresholdAlert } from "../../../src/slack/blocks/marketing.ts";
import { alertMove } from "../../../src/slack/render/alert-move.ts";
import { lead } from "./fixtures.ts";

describe("threshold alert of one change", () => {
  it("shows the grade and the stage crossing in one message", () => {
    const payload = {
      crossings: [
        {
          field: "grade",
          from: "cold",
          to: "warm",
          direction: "up",
          reason: "total score reached the warm threshold (30)",
        },
        {
          field: "stage",
          from: "lead",
          to: "mql",
          direction: "up",
          reason: "total score reached the warm threshold (30)",
        },
      ],
    };
    const msg = buildThresholdAlert({ lead: lead(), ...alertMove(payload, { grade: "warm", stage: "mql" }) });
    expect(msg.text).toContain(
      "went up: COLD / lead → WARM / mql (total score reached the warm threshold (30))",
    );
  });

  it("still renders a notice queued before the merge (one field)", () => {
    const move = alertMove(
      { field: "stage", from: "mql", to: "sql", reason: "qualified" },
      { grade: "warm", stage: "sql" },
    );
    expect(move).toMatchObject({
      direction: "up",
      from: { grade: "warm", stage: "mql" },
      to: { grade: "warm", stage: "sql" },
    });
  });
});
