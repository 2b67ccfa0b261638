// The Won modal's close date: a day in the rep's time zone read as an instant.
import { describe, expect, it } from "vitest";
import { resolveCloseDate } from "../../../../src/core/outcomes/resolve-close-date.ts";
import { fmtDuration } from "../../../../src/core/reporting/format.ts";
import { wholeSeconds } from "../../../../src/core/reporting/round.ts";

const now = new Date("2026-12-07T15:30:00Z");
const closedAt = (date: string, timeZone = "UTC", createdAt?: Date) => {
  const r = resolveCloseDate({ date, now, timeZone, createdAt: createdAt ?? null });
  return r.ok ? r.closedAt.toISOString() : r.message;
};

describe("resolveCloseDate", () => {
  it("today means now, in the rep's zone", () => {
    expect(closedAt("2026-12-07")).toBe(now.toISOString());
    expect(closedAt("2026-12-07", "America/New_York")).toBe(now.toISOString());
    // 15:30 UTC is already 8 December in Auckland: the 8th is its today.
    expect(closedAt("2026-12-08", "Pacific/Auckland")).toBe(now.toISOString());
  });

  it("an earlier day means the end of that day in the rep's zone", () => {
    expect(closedAt("2026-12-05")).toBe("2026-12-05T23:59:59.999Z");
    expect(closedAt("2026-12-05", "America/New_York")).toBe("2026-12-06T04:59:59.999Z");
    expect(closedAt("2026-12-07", "Pacific/Auckland")).toBe("2026-12-07T10:59:59.999Z");
    // Across a DST change (New York, 8 March 2026: 23:59:59.999 EDT).
    expect(closedAt("2026-03-08", "America/New_York")).toBe("2026-03-09T03:59:59.999Z");
  });

  it("refuses a future day, a day that is not one, and a day before the lead was created", () => {
    expect(closedAt("2026-12-08")).toBe("The close date cannot be in the future");
    expect(closedAt("2026-12-08", "America/New_York")).toBe("The close date cannot be in the future");
    expect(closedAt("")).toBe("Choose the close date");
    expect(closedAt("2026-02-30")).toBe("Choose the close date");
    const created = new Date("2026-12-06T10:00:00Z");
    expect(closedAt("2026-12-05", "UTC", created)).toBe(
      "The close date cannot be before the lead was created (2026-12-06, UTC)",
    );
    // The day it was created is fine (its end is after the creation), and today is now.
    expect(closedAt("2026-12-06", "UTC", created)).toBe("2026-12-06T23:59:59.999Z");
    expect(closedAt("2026-12-07", "UTC", new Date("2026-12-07T09:00:00Z"))).toBe(now.toISOString());
  });
});

describe("report durations", () => {
  it("are never negative, and a negative one is never shown as 0s", () => {
    expect(wholeSeconds(-73898)).toBe(0);
    expect(wholeSeconds(Number.NaN)).toBeNull();
    expect(wholeSeconds(42.4)).toBe(42);
    expect(fmtDuration(-73898)).toBe("—");
    expect(fmtDuration(0)).toBe("0s");
  });
});
