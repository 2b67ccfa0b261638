// The day a rep names is a day in their own time zone, across daylight-saving changes (some at
// midnight, where the day starts at the jump or after a repeated hour) and odd offsets.
import { describe, expect, it } from "vitest";
import { repTimeZone, resolveAwayDay, startOfDayIn } from "../../../../src/flows/set-availability.ts";

const start = (date: string, timeZone: string) => startOfDayIn(date, timeZone).toISOString();

describe("startOfDayIn", () => {
  it("is local midnight, in the offset of that day", () => {
    expect(start("2025-01-01", "UTC")).toBe("2025-01-01T00:00:00.000Z");
    expect(start("2025-03-10", "America/New_York")).toBe("2025-03-10T04:00:00.000Z");
    expect(start("2025-03-10", "Asia/Tokyo")).toBe("2025-03-09T15:00:00.000Z");
    expect(start("2025-03-10", "Asia/Kolkata")).toBe("2025-03-09T18:30:00.000Z");
    expect(start("2025-01-01", "Pacific/Kiritimati")).toBe("2024-12-31T10:00:00.000Z");
    expect(start("2025-01-01", "Pacific/Pago_Pago")).toBe("2025-01-01T11:00:00.000Z");
  });

  it("takes the offset at midnight on the days clocks change later in the day", () => {
    expect(start("2025-03-09", "America/New_York")).toBe("2025-03-09T05:00:00.000Z");
    expect(start("2025-11-02", "America/New_York")).toBe("2025-11-02T04:00:00.000Z");
    expect(start("2025-10-05", "Australia/Lord_Howe")).toBe("2025-10-04T13:30:00.000Z");
    expect(start("2025-04-06", "Australia/Lord_Howe")).toBe("2025-04-05T13:00:00.000Z");
  });

  it("starts at the jump when midnight does not exist", () => {
    expect(start("2024-09-08", "America/Santiago")).toBe("2024-09-08T04:00:00.000Z");
    expect(start("2018-11-04", "America/Sao_Paulo")).toBe("2018-11-04T03:00:00.000Z");
    expect(start("2025-03-30", "Asia/Beirut")).toBe("2025-03-29T22:00:00.000Z");
    expect(start("2024-03-10", "America/Havana")).toBe("2024-03-10T05:00:00.000Z");
  });

  it("starts at the first midnight when the hour after it repeats, after the hour before it repeats", () => {
    // Havana falls back at 01:00 to 00:00: the day starts at the first 00:00 (still UTC-4).
    expect(start("2024-11-03", "America/Havana")).toBe("2024-11-03T04:00:00.000Z");
    // São Paulo and Beirut fall back at 00:00 to 23:00: the day starts after the repeated hour.
    expect(start("2018-02-18", "America/Sao_Paulo")).toBe("2018-02-18T03:00:00.000Z");
    expect(start("2025-10-26", "Asia/Beirut")).toBe("2025-10-25T22:00:00.000Z");
    expect(start("2024-04-07", "America/Santiago")).toBe("2024-04-07T04:00:00.000Z");
  });
});

describe("resolveAwayDay", () => {
  // Monday 03:30 UTC: still Sunday evening in New York, already Monday afternoon in Kiritimati.
  const now = new Date("2025-03-03T03:30:00Z");
  const resolve = (day: Parameters<typeof resolveAwayDay>[0], timeZone: string, at = now) =>
    resolveAwayDay(day, at, timeZone).toISOString();

  it("counts tomorrow from the rep's today", () => {
    expect(resolve({ daysAhead: 1 }, "America/New_York")).toBe("2025-03-03T05:00:00.000Z");
    expect(resolve({ daysAhead: 1 }, "UTC")).toBe("2025-03-04T00:00:00.000Z");
    expect(resolve({ daysAhead: 1 }, "Asia/Tokyo")).toBe("2025-03-03T15:00:00.000Z");
    expect(resolve({ daysAhead: 1 }, "Pacific/Kiritimati")).toBe("2025-03-03T10:00:00.000Z");
    // Just after midnight on the spring-forward day: tomorrow is Monday, in daylight time.
    expect(resolve({ daysAhead: 1 }, "America/New_York", new Date("2025-03-09T05:30:00Z"))).toBe(
      "2025-03-10T04:00:00.000Z",
    );
  });

  it("takes the next such weekday, a week ahead for the rep's own weekday", () => {
    // Sunday in New York: Monday is tomorrow, Sunday a week on.
    expect(resolve({ weekday: 1 }, "America/New_York")).toBe("2025-03-03T05:00:00.000Z");
    expect(resolve({ weekday: 5 }, "America/New_York")).toBe("2025-03-07T05:00:00.000Z");
    expect(resolve({ weekday: 0 }, "America/New_York")).toBe("2025-03-09T05:00:00.000Z");
    // Monday in UTC and Tokyo.
    expect(resolve({ weekday: 1 }, "UTC")).toBe("2025-03-10T00:00:00.000Z");
    expect(resolve({ weekday: 5 }, "Asia/Tokyo")).toBe("2025-03-06T15:00:00.000Z");
    expect(resolve({ weekday: 0 }, "Asia/Tokyo")).toBe("2025-03-08T15:00:00.000Z");
    // Saturday noon in New York: Sunday is the spring-forward day, which still starts at 05:00 UTC.
    expect(resolve({ weekday: 0 }, "America/New_York", new Date("2025-03-08T12:00:00Z"))).toBe(
      "2025-03-09T05:00:00.000Z",
    );
  });

  it("reads a date in the rep's zone", () => {
    expect(resolve({ date: "2025-03-10" }, "America/New_York")).toBe("2025-03-10T04:00:00.000Z");
    expect(resolve({ date: "2025-03-10" }, "Pacific/Kiritimati")).toBe("2025-03-09T10:00:00.000Z");
  });
});

describe("repTimeZone", () => {
  it("takes the rep's zone if Intl knows it, else the default, else UTC", () => {
    expect(repTimeZone("Asia/Tokyo", "UTC")).toBe("Asia/Tokyo");
    expect(repTimeZone("Nope/Zone", "America/New_York")).toBe("America/New_York");
    expect(repTimeZone(null, "Bad/Default")).toBe("UTC");
  });
});
