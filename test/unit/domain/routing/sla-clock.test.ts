import { describe, expect, it } from "vitest";
import { slaConfigSchema } from "../../../../src/core/routing/config.ts";
import { decideSlaActions } from "../../../../src/core/routing/decide-sla-actions.ts";
import {
  breachCountsTowardPause,
  ownerSlaClocks,
  type SlaClock,
  slaClockFor,
  slaDeadline,
  slaMinutesBetween,
  WALL_CLOCK,
} from "../../../../src/core/routing/sla-clock.ts";

const NINE_TO_SIX = { days: ["mon", "tue", "wed", "thu", "fri"] as const, start: "09:00", end: "18:00" };
const hours = { ...NINE_TO_SIX, days: [...NINE_TO_SIX.days] };
const berlin: SlaClock = { kind: "business", hours, timeZone: "Europe/Berlin" };

describe("slaDeadline", () => {
  it("a lead assigned at 17:55 on a 9–18 schedule is due at 09:55 the next morning, not overnight", () => {
    // Tuesday 2026-03-10 17:55 in Berlin (UTC+1).
    const start = new Date("2026-03-10T16:55:00Z");
    expect(slaDeadline({ start, minutes: 60, clock: berlin })).toEqual(new Date("2026-03-11T08:55:00Z"));
    expect(slaDeadline({ start, minutes: 5, clock: berlin })).toEqual(new Date("2026-03-10T17:00:00Z"));
    expect(slaDeadline({ start, minutes: 60, clock: WALL_CLOCK })).toEqual(new Date("2026-03-10T17:55:00Z"));
  });

  it("skips the weekend: Friday 17:30 plus 60 minutes is Monday 09:30", () => {
    const start = new Date("2026-03-13T16:30:00Z");
    expect(slaDeadline({ start, minutes: 60, clock: berlin })).toEqual(new Date("2026-03-16T08:30:00Z"));
  });

  it("starts counting at the next shift when assigned before it, seconds included", () => {
    const start = new Date("2026-03-10T05:00:30Z"); // 06:00:30 Berlin
    expect(slaDeadline({ start, minutes: 15, clock: berlin })).toEqual(new Date("2026-03-10T08:15:00Z"));
    const inside = new Date("2026-03-10T09:00:30Z"); // 10:00:30
    expect(slaDeadline({ start: inside, minutes: 15, clock: berlin })).toEqual(
      new Date("2026-03-10T09:15:30Z"),
    );
  });

  it("runs across a daylight-saving change in the rep's own zone", () => {
    // Friday 2026-03-27 17:30 CET; Berlin moves to CEST (UTC+2) on Sunday 29 March.
    const start = new Date("2026-03-27T16:30:00Z");
    // 30 minutes on Friday, 30 on Monday from 09:00 CEST (07:00Z).
    expect(slaDeadline({ start, minutes: 60, clock: berlin })).toEqual(new Date("2026-03-30T07:30:00Z"));
  });

  it("handles an overnight shift that belongs to the day it starts on", () => {
    const night: SlaClock = {
      kind: "business",
      hours: { days: ["mon"], start: "22:00", end: "06:00" },
      timeZone: "UTC",
    };
    const start = new Date("2026-03-09T21:00:00Z"); // Monday 21:00
    expect(slaDeadline({ start, minutes: 120, clock: night })).toEqual(new Date("2026-03-10T00:00:00Z"));
  });
});

describe("slaMinutesBetween", () => {
  it("counts only working minutes", () => {
    const start = new Date("2026-03-10T16:55:00Z");
    expect(slaMinutesBetween({ start, end: new Date("2026-03-11T07:00:00Z"), clock: berlin })).toBe(5);
    expect(slaMinutesBetween({ start, end: new Date("2026-03-11T08:10:00Z"), clock: berlin })).toBe(15);
    expect(slaMinutesBetween({ start, end: new Date("2026-03-11T07:00:00Z"), clock: WALL_CLOCK })).toBe(845);
  });
});

describe("slaClockFor / ownerSlaClocks", () => {
  it("uses the wall clock for wall, for an owner without hours and for an unknown zone", () => {
    expect(slaClockFor({ clock: "wall", hours, timeZone: "UTC" })).toEqual(WALL_CLOCK);
    expect(slaClockFor({ clock: "business", hours: null, timeZone: "UTC" })).toEqual(WALL_CLOCK);
    expect(slaClockFor({ clock: "business", hours, timeZone: "Mars/Base" })).toEqual(WALL_CLOCK);
    expect(slaClockFor({ clock: "business", hours, timeZone: "UTC" })).toMatchObject({ kind: "business" });
  });

  it("falls back to the routing defaults", () => {
    const clocks = ownerSlaClocks({
      clock: "business",
      reps: [{ slackId: "U1" }, { slackId: "U2", timezone: "Asia/Kolkata", workingHours: hours }],
      defaultTimezone: "Europe/Berlin",
      defaultWorkingHours: hours,
    });
    expect(clocks.get("U1")).toEqual({ kind: "business", hours, timeZone: "Europe/Berlin" });
    expect(clocks.get("U2")).toMatchObject({ timeZone: "Asia/Kolkata" });
  });
});

describe("decideSlaActions on the business clock", () => {
  const cfg = slaConfigSchema.parse({});
  const assignment = {
    id: "A",
    leadId: "L",
    repSlackId: "U1",
    route: "sales-ready",
    createdAt: new Date("2026-03-10T16:55:00Z"),
  };
  const clocks = new Map([["U1", berlin]]);

  it("does not nudge, breach or re-route overnight; does so the next morning", () => {
    for (const iso of ["2026-03-10T17:30:00Z", "2026-03-10T23:00:00Z", "2026-03-11T07:59:00Z"]) {
      const out = decideSlaActions({ assignments: [assignment], now: new Date(iso), config: cfg, clocks });
      expect(out, iso).toEqual({ nudge: [], reroute: [], breach: [] });
    }
    const nudge = decideSlaActions({
      assignments: [assignment],
      now: new Date("2026-03-11T08:10:00Z"),
      config: cfg,
      clocks,
    });
    expect(nudge.nudge).toMatchObject([{ assignmentId: "A", minutesWaiting: 15 }]);
    const late = decideSlaActions({
      assignments: [assignment],
      now: new Date("2026-03-11T08:55:00Z"),
      config: cfg,
      clocks,
    });
    expect(late.breach).toMatchObject([{ assignmentId: "A", minutesWaiting: 60, countsTowardPause: true }]);
    expect(late.reroute).toHaveLength(1);
  });

  it("the wall clock breaches overnight, as before", () => {
    const out = decideSlaActions({
      assignments: [assignment],
      now: new Date("2026-03-10T23:00:00Z"),
      config: slaConfigSchema.parse({ clock: "wall" }),
    });
    expect(out.breach).toMatchObject([{ assignmentId: "A", countsTowardPause: true }]);
  });
});

describe("breachCountsTowardPause", () => {
  it("counts a deadline inside (or at the close of) the owner's hours, not one outside them", () => {
    expect(breachCountsTowardPause({ at: new Date("2026-03-10T17:00:00Z"), clock: berlin })).toBe(true);
    expect(breachCountsTowardPause({ at: new Date("2026-03-10T22:00:00Z"), clock: berlin })).toBe(false);
    expect(breachCountsTowardPause({ at: new Date("2026-03-10T22:00:00Z"), clock: WALL_CLOCK })).toBe(true);
  });
});
