import { describe, expect, it } from "vitest";
import { parseRules } from "../../../../src/config/rules.ts";
import type { EventFacts } from "../../../../src/core/scoring/types.ts";
import { segmentsConfigSchema } from "../../../../src/core/segments/config.ts";
import { diffMemberships } from "../../../../src/core/segments/diff-memberships.ts";
import { evaluateSegments } from "../../../../src/core/segments/evaluate-segments.ts";

const NOW = new Date("2025-06-01T12:00:00Z");
const DAY = 86_400_000;
let seq = 0;
const ev = (
  type: string,
  ageDays: number,
  properties: Record<string, unknown> = {},
  id?: string,
): EventFacts => ({
  id: id ?? `e${++seq}`,
  type,
  occurredAt: new Date(NOW.getTime() - ageDays * DAY),
  properties,
});

const config = segmentsConfigSchema.parse([
  {
    name: "decision-makers",
    kind: "demographic",
    when: { field: "seniority", op: "in", value: ["vp", "c-level", "director"] },
  },
  { name: "enterprise", kind: "demographic", when: { field: "companySize", op: "gte", value: 1000 } },
  { name: "ai-curious", kind: "psychographic", when: { field: "interests", op: "contains", value: "ai" } },
  { name: "dach", kind: "geographic", when: { field: "country", op: "in", value: ["DE", "AT", "CH"] } },
  {
    name: "engaged-this-week",
    kind: "behavioural",
    when: { event: ["email_clicked", "email_replied"], atLeast: 2, withinDays: 7 },
  },
  {
    name: "pricing-lurkers",
    kind: "behavioural",
    when: {
      all: [
        {
          event: "page_visited",
          atLeast: 3,
          withinDays: 30,
          where: { field: "properties.url", op: "contains", value: "pricing" },
        },
        { not: { event: "appointment_booked" } },
      ],
    },
  },
  { name: "one-email-only", kind: "behavioural", when: { event: "email_opened", atLeast: 1, atMost: 1 } },
]);

function segmentsOf(lead: Record<string, unknown>, events: EventFacts[] = []): string[] {
  return evaluateSegments({ lead, events, config, now: NOW });
}

describe("evaluateSegments", () => {
  it("demographic, psychographic and geographic segments read lead facts", () => {
    expect(
      segmentsOf({ seniority: "VP", companySize: 5000, interests: ["AI", "crm"], country: "de" }),
    ).toEqual(["decision-makers", "enterprise", "ai-curious", "dach"]);
    expect(segmentsOf({ seniority: "junior", companySize: 10, country: "US" })).toEqual([]);
  });

  it("behavioural: at least N events of some types in the last D days", () => {
    expect(segmentsOf({}, [ev("email_clicked", 1), ev("email_replied", 6)])).toEqual(["engaged-this-week"]);
    expect(segmentsOf({}, [ev("email_clicked", 1), ev("email_replied", 8)])).toEqual([]);
    expect(segmentsOf({}, [ev("email_clicked", 1), ev("email_opened", 2)])).toEqual(["one-email-only"]);
  });

  it("behavioural conditions combine with where, not and all", () => {
    const visits = [
      ev("page_visited", 1, { url: "/pricing" }),
      ev("page_visited", 2, { url: "/pricing" }),
      ev("page_visited", 3, { url: "/Pricing/pro" }),
    ];
    expect(segmentsOf({}, visits)).toEqual(["pricing-lurkers"]);
    expect(segmentsOf({}, [...visits.slice(0, 2), ev("page_visited", 3, { url: "/blog" })])).toEqual([]);
    expect(segmentsOf({}, [...visits, ev("appointment_booked", 0)])).toEqual([]);
  });

  it("atMost bounds the count", () => {
    expect(segmentsOf({}, [ev("email_opened", 1), ev("email_opened", 2)])).toEqual([]);
  });

  it("a repeated event id counts once", () => {
    const click = ev("email_clicked", 1, {}, "same");
    expect(segmentsOf({}, [click, { ...click }])).toEqual([]);
  });

  it("is the same whatever the event order", () => {
    const events = [
      ev("email_clicked", 1),
      ev("page_visited", 2, { url: "/pricing" }),
      ev("email_replied", 3),
    ];
    expect(segmentsOf({}, events.slice().reverse())).toEqual(segmentsOf({}, events));
  });
});

describe("diffMemberships", () => {
  it("lists the segments entered and left, sorted", () => {
    expect(diffMemberships(["b", "a", "keep"], ["keep", "z", "c"])).toEqual({
      entered: ["c", "z"],
      left: ["a", "b"],
    });
    expect(diffMemberships([], [])).toEqual({ entered: [], left: [] });
  });
});

describe("segments config", () => {
  it("is a top-level list in leadops.yml and defaults to none", () => {
    expect(parseRules("").segments).toEqual([]);
    const rules = parseRules(
      "segments:\n  - name: smb\n    kind: demographic\n    when: { field: companySize, op: lte, value: 50 }\n",
    );
    expect(rules.segments[0]?.name).toBe("smb");
  });

  it("errors name the segment and the line", () => {
    const yaml = [
      "segments:",
      "  - name: smb",
      "    kind: demographic",
      "    when: { field: companySize, op: lte, value: 50 }",
      "  - name: active",
      "    kind: behavioural",
      "    when: { event: email_clicked, atLeast: 3, atMost: 1 }",
      "",
    ].join("\n");
    expect(() => parseRules(yaml)).toThrow(
      /line 7: segments\.1\.when\.atMost: segment "active": atMost must not be below atLeast/,
    );
    expect(() =>
      parseRules("segments:\n  - name: x\n    kind: social\n    when: { field: a, op: exists }\n"),
    ).toThrow(/line 3: segments\.0\.kind: segment "x":/);
    expect(() =>
      parseRules(
        "segments:\n  - { name: x, kind: demographic, when: { field: a, op: exists } }\n  - { name: x, kind: demographic, when: { field: b, op: exists } }\n",
      ),
    ).toThrow(/line 3: segments\.1: duplicate segment "x"/);
  });
});
