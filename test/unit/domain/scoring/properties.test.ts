// Property-based checks of the scoring guarantees: order independence, idempotence for a
// repeated event id, decay never raising a score as time passes, and compiled conditions
// meaning exactly what `evaluateCondition` means.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type Condition,
  compileCondition,
  evaluateCondition,
} from "../../../../src/core/rules/conditions.ts";
import { scoreLead } from "../../../../src/core/scoring/score-lead.ts";
import type { EventFacts } from "../../../../src/core/scoring/types.ts";
import { DAY, NOW, scoring } from "./fixtures.ts";

const types = [
  "subscribed",
  "unsubscribed",
  "email_opened",
  "email_clicked",
  "email_replied",
  "page_visited",
  "appointment_booked",
  "appointment_canceled",
  "trial_started",
  "chat_started",
];

const eventArb = fc.record({
  id: fc.string({ minLength: 1, maxLength: 6 }),
  type: fc.constantFrom(...types),
  occurredAt: fc.integer({ min: -5 * DAY, max: 200 * DAY }).map((ms) => new Date(NOW.getTime() - ms)),
  properties: fc.record({ url: fc.constantFrom("/pricing", "/blog", "/") }),
});
const eventsArb = fc.uniqueArray(eventArb, { selector: (e) => e.id, maxLength: 40 });
const leadArb = fc.record({
  title: fc.constantFrom("CEO", "VP Sales", "Intern", "Engineer", undefined),
  companySize: fc.option(fc.integer({ min: 1, max: 5000 }), { nil: undefined }),
  domain: fc.option(fc.constant("acme.com"), { nil: undefined }),
  createdAt: fc.integer({ min: 0, max: 100 }).map((d) => new Date(NOW.getTime() - d * DAY)),
});

const config = scoring({});
// Every decay kind, positive points only, with per-rule caps and a score cap.
const positive = scoring({
  fit: [],
  caps: { engagement: { max: 60 } },
  engagement: [
    { id: "open", event: "email_opened", points: 5, maxCount: 3 },
    { id: "click", event: "email_clicked", points: 10, decay: { linearDays: 30 } },
    { id: "booked", event: "appointment_booked", points: 25, decay: { windowDays: 14 } },
    { id: "reply", event: "email_replied", points: 15, decay: { halfLifeDays: 7 } },
    {
      id: "pricing",
      event: "page_visited",
      when: { field: "properties.url", op: "contains", value: "pricing" },
      points: 10,
      decay: "none",
    },
  ],
});

function shuffle<T>(items: readonly T[], seed: number): T[] {
  const out = items.slice();
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1103515245 + 12345) & 0x7fffffff;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describe("scoring properties", () => {
  it("is independent of event order", () => {
    fc.assert(
      fc.property(leadArb, eventsArb, fc.integer(), (lead, events, seed) => {
        const a = scoreLead({ lead, events, config, now: NOW });
        const b = scoreLead({ lead, events: shuffle(events, seed), config, now: NOW });
        expect(b).toEqual(a);
      }),
    );
  });

  it("counts a repeated event id once", () => {
    fc.assert(
      fc.property(
        leadArb,
        eventsArb.filter((e) => e.length > 0),
        fc.nat(),
        (lead, events, pick) => {
          const again = events[pick % events.length] as EventFacts;
          const a = scoreLead({ lead, events, config, now: NOW });
          const b = scoreLead({ lead, events: [...events, { ...again }, again], config, now: NOW });
          expect(b).toEqual(a);
        },
      ),
    );
  });

  it("decay never increases a score as now advances (positive-point rules)", () => {
    fc.assert(
      fc.property(leadArb, eventsArb, fc.integer({ min: 0, max: 400 * DAY }), (lead, events, later) => {
        const earlier = scoreLead({ lead, events, config: positive, now: NOW });
        const after = scoreLead({ lead, events, config: positive, now: new Date(NOW.getTime() + later) });
        expect(after.engagement).toBeLessThanOrEqual(earlier.engagement);
        expect(after.total).toBeLessThanOrEqual(earlier.total);
      }),
    );
  });

  it("compiled conditions agree with evaluateCondition", () => {
    const scalar = fc.oneof(
      fc.constantFrom("a", "A", "b", "10", "x y", ""),
      fc.integer({ min: -2, max: 12 }),
      fc.boolean(),
    );
    const leaf = fc.oneof(
      fc.record({
        field: fc.constantFrom("v", "n.v", "list"),
        op: fc.constantFrom("eq", "neq", "contains"),
        value: scalar,
        ignoreCase: fc.boolean(),
      }),
      fc.record({
        field: fc.constantFrom("v", "list"),
        op: fc.constant("in"),
        value: fc.array(scalar, { maxLength: 3 }),
        ignoreCase: fc.boolean(),
      }),
      fc.record({
        field: fc.constantFrom("v", "n.v"),
        op: fc.constantFrom("gte", "lte"),
        value: fc.integer({ min: -2, max: 12 }),
        ignoreCase: fc.constant(true),
      }),
      fc.record({
        field: fc.constant("v"),
        op: fc.constant("between"),
        value: fc.tuple(fc.integer({ min: 0, max: 5 }), fc.integer({ min: 5, max: 12 })),
        ignoreCase: fc.constant(true),
      }),
      fc.record({
        field: fc.constantFrom("v", "list"),
        op: fc.constant("matches"),
        value: fc.constantFrom("^a", "b$", "\\d"),
        ignoreCase: fc.boolean(),
      }),
      fc.record({
        field: fc.constantFrom("v", "n.v", "list", "missing"),
        op: fc.constant("exists"),
        ignoreCase: fc.constant(true),
      }),
    ) as fc.Arbitrary<Condition>;
    const condition: fc.Arbitrary<Condition> = fc.letrec<{ c: Condition }>((tie) => ({
      c: fc.oneof(
        { depthSize: "small", withCrossShrink: true },
        leaf,
        fc.record({ all: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
        fc.record({ any: fc.array(tie("c"), { minLength: 1, maxLength: 3 }) }),
        fc.record({ not: tie("c") }),
      ),
    })).c;
    const value = fc.oneof(scalar, fc.constant(null), fc.constant(undefined));
    const facts = fc.record({
      v: value,
      n: fc.oneof(fc.record({ v: value }), fc.constant(null)),
      list: fc.array(scalar, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(condition, facts, (c, f) => {
        expect(compileCondition(c)(f)).toBe(evaluateCondition(c, f));
      }),
      { numRuns: 2000 },
    );
  });
});
