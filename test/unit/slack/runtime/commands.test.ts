import { describe, expect, it } from "vitest";
import { ValidationError } from "../../../../src/core/errors.ts";
import { parseUntil } from "../../../../src/slack/listeners/commands/availability.ts";
import { parseReportArgs } from "../../../../src/slack/listeners/commands/report.ts";

// A Tuesday.
const now = new Date("2025-03-04T15:30:00Z");

describe("/leads away [until DATE]", () => {
  it("takes no date, an ISO date, tomorrow or a weekday (the next one)", () => {
    expect(parseUntil("", now)).toBeNull();
    expect(parseUntil("until 2025-03-10", now)?.toISOString()).toBe("2025-03-10T00:00:00.000Z");
    expect(parseUntil("until tomorrow", now)?.toISOString()).toBe("2025-03-05T00:00:00.000Z");
    expect(parseUntil("until friday", now)?.toISOString()).toBe("2025-03-07T00:00:00.000Z");
    expect(parseUntil("until tue", now)?.toISOString()).toBe("2025-03-11T00:00:00.000Z");
  });

  it("refuses anything else with a message that says what to type", () => {
    expect(() => parseUntil("until 2025-02-30", now)).toThrow(ValidationError);
    expect(() => parseUntil("until someday", now)).toThrow(/YYYY-MM-DD/);
    expect(() => parseUntil("next week", now)).toThrow(/until YYYY-MM-DD/);
  });
});

describe("/leads report arguments", () => {
  it("reads the period and the grouping in either order", () => {
    expect(parseReportArgs("")).toEqual({ period: undefined, by: null });
    expect(parseReportArgs("week")).toEqual({ period: "week", by: null });
    expect(parseReportArgs("by rep")).toEqual({ period: undefined, by: "rep" });
    expect(parseReportArgs("2025-01-01..2025-02-01 by source")).toEqual({
      period: "2025-01-01..2025-02-01",
      by: "source",
    });
    expect(parseReportArgs("by segment month")).toEqual({ period: "month", by: "segment" });
  });

  it("refuses an unknown grouping or extra words", () => {
    expect(() => parseReportArgs("week by colour")).toThrow(/by rep/);
    expect(() => parseReportArgs("week month")).toThrow(/Usage/);
    expect(parseReportArgs("month vs previous trend 6 by source")).toEqual({
      period: "month",
      by: "source",
      compare: "previous",
      trend: 6,
    });
    expect(() => parseReportArgs("month vs last")).toThrow(/vs previous/);
    expect(() => parseReportArgs("month trend 1")).toThrow(/trend N/);
  });
});
