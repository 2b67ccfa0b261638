import { describe, expect, it } from "vitest";
import {
  addToTally,
  alertCrossings,
  describeTally,
  emptyTally,
  SUMMARY_LIST_MAX,
} from "../../../../src/core/alerts/alert-crossings.ts";
import { alertsConfigSchema } from "../../../../src/core/alerts/config.ts";
import { decideAlertBatch, isStaleAlert } from "../../../../src/core/alerts/decide-alert-batch.ts";
import { detectCrossings } from "../../../../src/core/scoring/detect-crossings.ts";

const defaults = alertsConfigSchema.parse({});
const thresholds = { warm: 30, hot: 60 };

describe("alertCrossings", () => {
  it("keeps a change's grade and stage crossings together, grade first", () => {
    const crossings = detectCrossings({
      before: { grade: "warm", stage: "mql", total: 40 },
      after: {
        grade: "hot",
        stage: "sql",
        total: 65,
        stageReason: "total score reached the hot threshold (60)",
      },
      thresholds,
    });
    expect(alertCrossings(crossings, defaults).map((c) => `${c.field}:${c.from}->${c.to}`)).toEqual([
      "grade:warm->hot",
      "stage:mql->sql",
    ]);
  });

  it("alerts only the listed thresholds, and no fall when `down` is off", () => {
    const up = detectCrossings({
      before: { grade: "cold", stage: "lead" },
      after: { grade: "warm", stage: "mql" },
      thresholds,
    });
    const down = detectCrossings({
      before: { grade: "hot", stage: "sql" },
      after: { grade: "warm", stage: "sql" },
    });
    const onlyStages = alertsConfigSchema.parse({ crossings: ["mql", "sql"] });
    expect(alertCrossings(up, onlyStages).map((c) => c.field)).toEqual(["stage"]);
    expect(alertCrossings(down, defaults)).toHaveLength(1);
    expect(alertCrossings(down, alertsConfigSchema.parse({ down: false }))).toEqual([]);
  });
});

describe("tally", () => {
  it("counts leads by the threshold reached and lists the first ones", () => {
    const tally = emptyTally();
    for (let i = 0; i < 142; i++)
      addToTally(tally, `w${i}`, [{ field: "grade", from: "cold", to: "warm", direction: "up", reason: "" }]);
    for (let i = 0; i < 12; i++)
      addToTally(tally, `h${i}`, [{ field: "grade", from: "warm", to: "hot", direction: "up", reason: "" }]);
    addToTally(tally, "d", [{ field: "grade", from: "hot", to: "warm", direction: "down", reason: "" }]);
    addToTally(tally, "none", []);
    expect(describeTally(tally.counts)).toBe("142 leads crossed to warm, 12 to hot; 1 lead fell below hot");
    expect(tally.leads).toBe(155);
    expect(tally.sample).toHaveLength(SUMMARY_LIST_MAX);
  });
});

describe("decideAlertBatch", () => {
  const base = {
    now: 1_000_000,
    recent: 1,
    waiting: 1,
    oldestQueuedAt: 1_000_000,
    lastSummaryAt: null,
    perMinute: 5,
  };

  it("a quiet channel gets each alert", () => {
    expect(decideAlertBatch({ ...base, recent: 5, waiting: 5 })).toEqual({ action: "each" });
  });

  it("a burst of more than N goes as one summary at once", () => {
    expect(decideAlertBatch({ ...base, recent: 6, waiting: 6 })).toEqual({ action: "summary" });
  });

  it("a busy channel's stream is gathered for a minute, then summarised; at most one summary a minute", () => {
    expect(decideAlertBatch({ ...base, recent: 6, waiting: 1, oldestQueuedAt: base.now - 1_000 })).toEqual({
      action: "wait",
      until: base.now + 59_000,
    });
    expect(decideAlertBatch({ ...base, recent: 9, waiting: 4, oldestQueuedAt: base.now - 60_000 })).toEqual({
      action: "summary",
    });
    // Gathered, but only one: it goes as itself.
    expect(decideAlertBatch({ ...base, recent: 9, waiting: 1, oldestQueuedAt: base.now - 60_000 })).toEqual({
      action: "each",
    });
    expect(decideAlertBatch({ ...base, recent: 30, waiting: 20, lastSummaryAt: base.now - 10_000 })).toEqual({
      action: "wait",
      until: base.now + 50_000,
    });
  });

  it("an alert older than staleAfterMinutes is stale", () => {
    expect(isStaleAlert(0, 60 * 60_000, 60)).toBe(false);
    expect(isStaleAlert(0, 60 * 60_000 + 1, 60)).toBe(true);
  });
});
