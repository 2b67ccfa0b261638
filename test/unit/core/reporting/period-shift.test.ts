import { describe, expect, it } from "vitest";
import { parsePeriod } from "../../../../src/core/reporting/period.ts";
import { periodsEndingWith, previousPeriod } from "../../../../src/core/reporting/period-shift.ts";

const iso = (d: Date) => d.toISOString();

describe("previousPeriod", () => {
  it("goes back one calendar unit for named periods, whatever its length", () => {
    const march = parsePeriod("month", { now: new Date("2025-03-15T12:00:00Z") });
    const feb = previousPeriod(march);
    expect([iso(feb.from), iso(feb.to), feb.label]).toEqual([
      "2025-02-01T00:00:00.000Z",
      "2025-03-01T00:00:00.000Z",
      "2025-02-01..2025-03-01",
    ]);
    const week = previousPeriod(parsePeriod("week", { now: new Date("2025-03-15T12:00:00Z") }));
    expect(week.label).toBe("2025-03-03..2025-03-10");
  });

  it("goes back the same number of local days for a range, across a DST change", () => {
    const p = parsePeriod("2025-04-01..2025-04-08", { now: new Date(), timeZone: "Europe/Paris" });
    const prev = previousPeriod(p);
    expect(prev.label).toBe("2025-03-25..2025-04-01");
    // Paris moved to summer time on 2025-03-30: the earlier boundary is at +01:00.
    expect(iso(prev.from)).toBe("2025-03-24T23:00:00.000Z");
    expect(iso(prev.to)).toBe("2025-03-31T22:00:00.000Z");
  });

  it("keeps the calendar unit along a trend", () => {
    const march = parsePeriod("month", { now: new Date("2025-03-15T12:00:00Z") });
    expect(periodsEndingWith(march, 4).map((p) => iso(p.from).slice(0, 10))).toEqual([
      "2024-12-01",
      "2025-01-01",
      "2025-02-01",
      "2025-03-01",
    ]);
  });
});
