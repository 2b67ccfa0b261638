import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../../src/core/errors.ts";
import { parsePeriod, resolvePeriod } from "../../../../src/core/reporting/period.ts";

const now = new Date("2025-03-12T15:00:00Z"); // a Wednesday
const iso = (p: { from: Date; to: Date }) => [p.from.toISOString(), p.to.toISOString()];

describe("parsePeriod", () => {
  it("reads named periods in UTC by default", () => {
    expect(iso(parsePeriod("today", { now }))).toEqual([
      "2025-03-12T00:00:00.000Z",
      "2025-03-13T00:00:00.000Z",
    ]);
    expect(iso(parsePeriod("week", { now }))).toEqual([
      "2025-03-10T00:00:00.000Z",
      "2025-03-17T00:00:00.000Z",
    ]);
    expect(iso(parsePeriod("month", { now }))).toEqual([
      "2025-03-01T00:00:00.000Z",
      "2025-04-01T00:00:00.000Z",
    ]);
    expect(iso(parsePeriod("quarter", { now }))).toEqual([
      "2025-01-01T00:00:00.000Z",
      "2025-04-01T00:00:00.000Z",
    ]);
    expect(parsePeriod(undefined, { now }).label).toBe("month");
  });

  it("reads named periods in a time zone, across a DST change", () => {
    // New York moves to summer time on 2025-03-09: March starts at UTC−5, April at UTC−4.
    const p = parsePeriod("month", { now, timeZone: "America/New_York" });
    expect(iso(p)).toEqual(["2025-03-01T05:00:00.000Z", "2025-04-01T04:00:00.000Z"]);
    // 01:00 UTC on the 13th is still the 12th in New York.
    const late = parsePeriod("today", {
      now: new Date("2025-03-13T01:00:00Z"),
      timeZone: "America/New_York",
    });
    expect(iso(late)).toEqual(["2025-03-12T04:00:00.000Z", "2025-03-13T04:00:00.000Z"]);
    const tokyo = parsePeriod("today", { now, timeZone: "Asia/Tokyo" });
    expect(iso(tokyo)).toEqual(["2025-03-12T15:00:00.000Z", "2025-03-13T15:00:00.000Z"]);
  });

  it("reads FROM..TO with TO excluded", () => {
    const p = parsePeriod("2025-01-01..2025-02-01", { now });
    expect(iso(p)).toEqual(["2025-01-01T00:00:00.000Z", "2025-02-01T00:00:00.000Z"]);
    const ny = parsePeriod("2025-01-01..2025-02-01", { now, timeZone: "America/New_York" });
    expect(iso(ny)).toEqual(["2025-01-01T05:00:00.000Z", "2025-02-01T05:00:00.000Z"]);
    const instants = parsePeriod("2025-01-01T10:00:00Z..2025-01-01T12:00:00+01:00", { now });
    expect(iso(instants)).toEqual(["2025-01-01T10:00:00.000Z", "2025-01-01T11:00:00.000Z"]);
  });

  it("rejects nonsense with a field-level error", () => {
    const bad = (text: string, timeZone?: string) => {
      try {
        parsePeriod(text, { now, timeZone });
      } catch (err) {
        expect(err).toBeInstanceOf(ValidationError);
        return (err as ValidationError).details[0]?.field;
      }
      throw new Error(`accepted ${text}`);
    };
    expect(bad("fortnight")).toBe("period");
    expect(bad("2025-02-30..2025-03-01")).toBe("from");
    expect(bad("2025-02-01..2025-01-01")).toBe("to");
    expect(bad("2025-01-01..2025-01-01")).toBe("to");
    expect(bad("2025-01-01T10:00..2025-01-02")).toBe("from"); // no offset: ambiguous
    expect(bad("month", "Mars/Olympus")).toBe("tz");
  });
});

describe("resolvePeriod", () => {
  it("takes from and to together, or a period", () => {
    expect(iso(resolvePeriod({ from: "2025-01-01", to: "2025-01-08", now }))).toEqual([
      "2025-01-01T00:00:00.000Z",
      "2025-01-08T00:00:00.000Z",
    ]);
    expect(resolvePeriod({ period: "today", now }).label).toBe("today");
    expect(() => resolvePeriod({ from: "2025-01-01", now })).toThrow(ValidationError);
  });
});
