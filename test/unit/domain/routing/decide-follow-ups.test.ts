import { describe, expect, it } from "vitest";
import { followUpConfigSchema } from "../../../../src/core/routing/config.ts";
import { decideFollowUps, type FollowUpLead } from "../../../../src/core/routing/decide-follow-ups.ts";

const T0 = new Date("2026-03-01T12:00:00Z");
const day = (n: number) => new Date(T0.getTime() + n * 86_400_000);
const cfg = followUpConfigSchema.parse({});
const lead: FollowUpLead = { id: "L", stage: "sql", ownerSlackId: "U001", sqlAt: T0, assignedAt: T0 };

/** Runs the daily job for `days` days, recording reminders as the caller would. */
function simulate(
  l: FollowUpLead,
  days: number,
  config = cfg,
  onDay: (d: number, l: FollowUpLead) => void = () => {},
) {
  const row = { ...l };
  const log: string[] = [];
  for (let d = 0; d <= days; d++) {
    onDay(d, row);
    for (const a of decideFollowUps({ leads: [row], now: day(d), config })) {
      log.push(`${d} ${a.kind}`);
      if (a.kind === "recycle") row.stage = "nurture";
      else row.lastReminderAt = day(d);
    }
  }
  return log;
}

describe("decideFollowUps", () => {
  it("sql with no activity: one reminder after 3 days, recycled to nurture after 30", () => {
    expect(simulate(lead, 40)).toEqual(["3 sql_inactive", "30 recycle"]);
  });

  it("new activity restarts the quiet spell", () => {
    const log = simulate(lead, 12, cfg, (d, row) => {
      if (d === 5) row.lastActivityAt = day(5);
    });
    expect(log).toEqual(["3 sql_inactive", "8 sql_inactive"]);
  });

  it("contacted with no outcome: reminder 7 days after contact", () => {
    const log = simulate(lead, 20, cfg, (d, row) => {
      if (d === 1) row.contactedAt = day(1);
    });
    expect(log).toEqual(["8 contacted_no_outcome"]);
  });

  it("repeats when configured; the owner or else managers are told; other stages are ignored", () => {
    const repeat = followUpConfigSchema.parse({ repeatEveryDays: 2, recycleAfterDays: null });
    expect(simulate(lead, 9, repeat)).toEqual([
      "3 sql_inactive",
      "5 sql_inactive",
      "7 sql_inactive",
      "9 sql_inactive",
    ]);
    const actions = decideFollowUps({
      leads: [
        { ...lead, ownerSlackId: null },
        { ...lead, id: "M", stage: "mql" },
        { ...lead, id: "C", stage: "customer" },
      ],
      now: day(4),
      config: cfg,
    });
    expect(actions).toEqual([{ leadId: "L", kind: "sql_inactive", to: { type: "managers" }, days: 4 }]);
  });

  it("rules set to null are off", () => {
    const off = followUpConfigSchema.parse({
      sqlInactiveDays: null,
      contactedNoOutcomeDays: null,
      recycleAfterDays: null,
    });
    expect(simulate(lead, 60, off)).toEqual([]);
  });
});
