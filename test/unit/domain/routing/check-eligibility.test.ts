import { describe, expect, it } from "vitest";
import { checkEligibility, isAway } from "../../../../src/core/routing/check-eligibility.ts";
import type { RoutingRep } from "../../../../src/core/routing/types.ts";

const now = new Date("2026-03-11T15:00:00Z"); // Wed
const defaults = { timezone: "UTC", workingHours: null };
const base: RoutingRep = { slackId: "U1", name: "Ana" };
const check = (rep: Partial<RoutingRep>, openCount = 0, extra = {}) =>
  checkEligibility({ rep: { ...base, ...rep }, openCount, now, defaults, ...extra });

describe("eligibility", () => {
  it("a plain rep is eligible", () => {
    expect(check({})).toEqual({ eligible: true, reasons: [], localTime: null });
  });

  it("away: the flag, or awayUntil in the future; awayUntil in the past means back", () => {
    expect(check({ away: true }).reasons).toEqual([{ code: "away", until: null }]);
    expect(check({ awayUntil: "2026-03-12T00:00:00Z" }).reasons).toEqual([
      { code: "away", until: "2026-03-12T00:00:00.000Z" },
    ]);
    expect(check({ away: true, awayUntil: new Date("2026-03-10T00:00:00Z") }).eligible).toBe(true);
    expect(isAway({ ...base, awayUntil: now }, now).away).toBe(false); // the instant they return
  });

  it("capacity: open leads must be under capacity", () => {
    expect(check({ capacity: 5 }, 4).eligible).toBe(true);
    expect(check({ capacity: 5 }, 5).reasons).toEqual([{ code: "at_capacity", open: 5, capacity: 5 }]);
    expect(check({ capacity: null }, 500).eligible).toBe(true);
  });

  it("paused and inactive", () => {
    expect(check({ paused: true, pausedReason: "3 missed claims in a row" }).reasons).toEqual([
      { code: "paused", reason: "3 missed claims in a row" },
    ]);
    expect(check({ active: false }).reasons).toEqual([{ code: "inactive" }]);
  });

  it("outside hours gives the local time; every reason is listed", () => {
    const r = check(
      {
        away: true,
        capacity: 1,
        timezone: "Asia/Tokyo",
        workingHours: { days: ["mon", "tue", "wed", "thu", "fri"], start: "09:00", end: "18:00" },
      },
      1,
    );
    expect(r.eligible).toBe(false);
    expect(r.localTime).toBe("Thu 00:00");
    expect(r.reasons.map((x) => x.code)).toEqual(["away", "at_capacity", "outside_hours"]);
    expect(r.reasons[2]).toEqual({
      code: "outside_hours",
      localTime: "Thu 00:00",
      timezone: "Asia/Tokyo",
      hours: "mon–fri 09:00–18:00",
    });
  });

  it("uses the default zone and hours for reps without their own", () => {
    const r = checkEligibility({
      rep: base,
      openCount: 0,
      now,
      defaults: {
        timezone: "America/Los_Angeles",
        workingHours: { days: ["wed"], start: "09:00", end: "17:00" },
      },
    });
    expect(r.localTime).toBe("Wed 08:00"); // PDT started on 2026-03-08
    expect(r.reasons.map((x) => x.code)).toEqual(["outside_hours"]);
  });

  it("working hours can be ignored (claims) but an unknown zone is always reported", () => {
    const hours = { days: ["sun" as const], start: "09:00", end: "10:00" };
    expect(check({ workingHours: hours }, 0, { ignoreWorkingHours: true }).eligible).toBe(true);
    expect(check({ workingHours: hours, timezone: "Nowhere/Land" }).reasons).toEqual([
      { code: "invalid_timezone", timezone: "Nowhere/Land" },
    ]);
  });
});
