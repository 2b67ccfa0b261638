import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { WorkingHours } from "../../../../src/core/routing/config.ts";
import { describeHours, isWorkingAt, localTimeIn } from "../../../../src/core/routing/working-hours.ts";

const everyDay: WorkingHours["days"] = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
const nineToFive: WorkingHours = { days: everyDay, start: "09:00", end: "17:00" };
const at = (iso: string, timeZone: string, hours = nineToFive) =>
  isWorkingAt({ at: new Date(iso), timeZone, hours });

describe("local time", () => {
  it("uses the zone's offset, including half-hour offsets", () => {
    expect(localTimeIn(new Date("2026-03-11T03:30:00Z"), "Asia/Kolkata").label).toBe("Wed 09:00");
    expect(localTimeIn(new Date("2026-03-11T23:30:00Z"), "Asia/Kolkata").label).toBe("Thu 05:00");
    expect(localTimeIn(new Date("2026-03-11T12:00:00Z"), "UTC")).toEqual({
      day: 2,
      minutes: 720,
      label: "Wed 12:00",
    });
  });
  it("throws on an unknown zone", () => {
    expect(() => localTimeIn(new Date(), "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("working hours across daylight-saving changes", () => {
  it("America/New_York, spring forward on 2026-03-08", () => {
    // Before: EST, UTC-5.
    expect(at("2026-03-07T13:59:00Z", "America/New_York")).toBe(false);
    expect(at("2026-03-07T14:00:00Z", "America/New_York")).toBe(true);
    // The day itself, after 02:00 local became 03:00: EDT, UTC-4, so 9:00 is an hour earlier in UTC.
    expect(localTimeIn(new Date("2026-03-08T07:00:00Z"), "America/New_York").label).toBe("Sun 03:00");
    expect(at("2026-03-08T12:59:00Z", "America/New_York")).toBe(false);
    expect(at("2026-03-08T13:00:00Z", "America/New_York")).toBe(true);
    expect(at("2026-03-08T20:59:00Z", "America/New_York")).toBe(true);
    expect(at("2026-03-08T21:00:00Z", "America/New_York")).toBe(false);
  });

  it("America/New_York, fall back on 2026-11-01", () => {
    expect(at("2026-10-31T13:00:00Z", "America/New_York")).toBe(true); // 09:00 EDT
    // 01:30 happens twice; both are outside 9–5, and 9:00 is now at 14:00 UTC.
    expect(localTimeIn(new Date("2026-11-01T05:30:00Z"), "America/New_York").label).toBe("Sun 01:30");
    expect(localTimeIn(new Date("2026-11-01T06:30:00Z"), "America/New_York").label).toBe("Sun 01:30");
    expect(at("2026-11-01T13:59:00Z", "America/New_York")).toBe(false);
    expect(at("2026-11-01T14:00:00Z", "America/New_York")).toBe(true);
    expect(at("2026-11-01T21:59:00Z", "America/New_York")).toBe(true);
    expect(at("2026-11-01T22:00:00Z", "America/New_York")).toBe(false);
  });

  it("Europe/Berlin, summer time from 2026-03-29", () => {
    expect(at("2026-03-27T08:00:00Z", "Europe/Berlin")).toBe(true); // 09:00 CET
    expect(at("2026-03-27T07:59:00Z", "Europe/Berlin")).toBe(false);
    expect(at("2026-03-30T07:00:00Z", "Europe/Berlin")).toBe(true); // 09:00 CEST
    expect(at("2026-03-30T06:59:00Z", "Europe/Berlin")).toBe(false);
    expect(at("2026-03-30T15:00:00Z", "Europe/Berlin")).toBe(false); // 17:00 CEST: the end is exclusive
  });

  it("Asia/Kolkata, half-hour offset", () => {
    expect(at("2026-03-11T03:29:00Z", "Asia/Kolkata")).toBe(false);
    expect(at("2026-03-11T03:30:00Z", "Asia/Kolkata")).toBe(true);
    expect(at("2026-03-11T11:29:00Z", "Asia/Kolkata")).toBe(true);
    expect(at("2026-03-11T11:30:00Z", "Asia/Kolkata")).toBe(false);
  });
});

describe("days and overnight shifts", () => {
  const weekdays: WorkingHours["days"] = ["mon", "tue", "wed", "thu", "fri"];
  const night: WorkingHours = { days: weekdays, start: "22:00", end: "06:00" };

  it("only works on the listed days", () => {
    const hours: WorkingHours = { days: weekdays, start: "09:00", end: "17:00" };
    expect(at("2026-03-13T10:00:00Z", "UTC", hours)).toBe(true); // Friday
    expect(at("2026-03-14T10:00:00Z", "UTC", hours)).toBe(false); // Saturday
  });

  it("an overnight shift belongs to the day it starts", () => {
    expect(at("2026-03-13T23:00:00Z", "UTC", night)).toBe(true); // Fri 23:00
    expect(at("2026-03-14T02:00:00Z", "UTC", night)).toBe(true); // Sat 02:00, Friday's shift
    expect(at("2026-03-14T06:00:00Z", "UTC", night)).toBe(false); // Sat 06:00, shift over
    expect(at("2026-03-14T23:00:00Z", "UTC", night)).toBe(false); // Sat 23:00, no Saturday shift
    expect(at("2026-03-16T02:00:00Z", "UTC", night)).toBe(false); // Mon 02:00, no Sunday shift
    expect(at("2026-03-16T22:30:00Z", "UTC", night)).toBe(true); // Mon 22:30
    expect(at("2026-03-11T12:00:00Z", "UTC", night)).toBe(false); // Wed noon
  });

  it("an overnight shift in a zone that changes clocks that night", () => {
    // Saturday 2026-03-07 22:00 EST to Sunday 06:00 EDT: only 7 real hours, still the right wall clock.
    const sat: WorkingHours = { days: ["sat"], start: "22:00", end: "06:00" };
    expect(at("2026-03-08T03:00:00Z", "America/New_York", sat)).toBe(true); // Sat 22:00 EST
    expect(at("2026-03-08T09:59:00Z", "America/New_York", sat)).toBe(true); // Sun 05:59 EDT
    expect(at("2026-03-08T10:00:00Z", "America/New_York", sat)).toBe(false); // Sun 06:00 EDT
  });

  it("start equal to end is the whole day; 24:00 is the end of the day", () => {
    expect(at("2026-03-11T00:00:00Z", "UTC", { days: ["wed"], start: "00:00", end: "00:00" })).toBe(true);
    expect(at("2026-03-11T23:59:00Z", "UTC", { days: ["wed"], start: "18:00", end: "24:00" })).toBe(true);
    expect(at("2026-03-12T00:00:00Z", "UTC", { days: ["wed"], start: "18:00", end: "24:00" })).toBe(false);
  });

  it("describes hours briefly", () => {
    expect(describeHours({ days: weekdays, start: "09:00", end: "17:00" })).toBe("mon–fri 09:00–17:00");
    expect(describeHours({ days: ["mon", "wed"], start: "09:00", end: "12:00" })).toBe("mon,wed 09:00–12:00");
    expect(describeHours({ days: everyDay, start: "00:00", end: "00:00" })).toBe("every day 00:00–00:00");
  });
});

describe("local time agrees with Intl at every instant", () => {
  const zones = [
    "America/New_York",
    "Europe/Berlin",
    "Asia/Kolkata",
    "Australia/Lord_Howe", // half-hour daylight-saving shift
    "Pacific/Chatham", // +12:45 / +13:45
    "America/St_Johns", // -03:30 / -02:30
    "UTC",
  ];
  const direct = (t: number, timeZone: string) =>
    new Intl.DateTimeFormat("en-US", {
      timeZone,
      weekday: "short",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    })
      .format(t)
      .replace(",", "");

  it("for random instants, including the hours around clock changes", () => {
    const transitions = [
      "2026-03-08T07:00:00Z",
      "2026-11-01T06:00:00Z",
      "2026-03-29T01:00:00Z",
      "2026-10-25T01:00:00Z",
      "2026-04-04T15:00:00Z",
      "2026-10-03T15:00:00Z",
    ].map(Date.parse);
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: Date.parse("2020-01-01"), max: Date.parse("2032-01-01") }),
          fc
            .tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * 3_600_000, max: 3 * 3_600_000 }))
            .map(([t, d]) => t + d),
        ),
        fc.constantFrom(...zones),
        (t, zone) => {
          expect(localTimeIn(new Date(t), zone).label).toBe(direct(t, zone));
        },
      ),
      { numRuns: 2000 },
    );
  });
});
