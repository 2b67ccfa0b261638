// Rule features: every operator, negative points, per-rule and per-score caps, each decay kind
// and the absence rule.
import { describe, expect, it } from "vitest";
import { decayPoints } from "../../../../src/core/scoring/decay-points.ts";
import { scoreLead } from "../../../../src/core/scoring/score-lead.ts";
import { DAY, daysAgo, event, NOW, scoring } from "./fixtures.ts";

const noEngagement = { engagement: [], caps: { fit: {}, engagement: {} } };

function fitOf(when: unknown, lead: Record<string, unknown>): number {
  const config = scoring({ ...noEngagement, fit: [{ id: "r", when, points: 7 }] });
  return scoreLead({ lead, events: [], config, now: NOW }).fit;
}

describe("operators", () => {
  it("eq (case-insensitive by default, numbers from strings)", () => {
    expect(fitOf({ field: "country", op: "eq", value: "US" }, { country: "us" })).toBe(7);
    expect(fitOf({ field: "country", op: "eq", value: "US", ignoreCase: false }, { country: "us" })).toBe(0);
    expect(fitOf({ field: "companySize", op: "eq", value: 50 }, { companySize: "50" })).toBe(7);
  });
  it("neq", () => {
    expect(fitOf({ field: "country", op: "neq", value: "US" }, { country: "DE" })).toBe(7);
    expect(fitOf({ field: "country", op: "neq", value: "US" }, { country: "US" })).toBe(0);
  });
  it("in", () => {
    expect(fitOf({ field: "industry", op: "in", value: ["SaaS", "Fintech"] }, { industry: "saas" })).toBe(7);
    expect(fitOf({ field: "interests", op: "in", value: ["ai"] }, { interests: ["crm", "AI"] })).toBe(7);
    expect(fitOf({ field: "industry", op: "in", value: ["SaaS"] }, { industry: "retail" })).toBe(0);
  });
  it("gte and lte", () => {
    expect(fitOf({ field: "companySize", op: "gte", value: 200 }, { companySize: 200 })).toBe(7);
    expect(fitOf({ field: "companySize", op: "gte", value: 200 }, { companySize: 199 })).toBe(0);
    expect(fitOf({ field: "annualRevenue", op: "lte", value: 1e6 }, { annualRevenue: 1e6 })).toBe(7);
    expect(fitOf({ field: "annualRevenue", op: "lte", value: 1e6 }, { annualRevenue: 1e6 + 1 })).toBe(0);
  });
  it("between (inclusive)", () => {
    const when = { field: "companySize", op: "between", value: [11, 50] };
    expect(fitOf(when, { companySize: 11 })).toBe(7);
    expect(fitOf(when, { companySize: 50 })).toBe(7);
    expect(fitOf(when, { companySize: 51 })).toBe(0);
  });
  it("contains (substring, or element of a list)", () => {
    expect(fitOf({ field: "title", op: "contains", value: "market" }, { title: "Head of Marketing" })).toBe(
      7,
    );
    expect(fitOf({ field: "interests", op: "contains", value: "crm" }, { interests: ["CRM"] })).toBe(7);
    expect(fitOf({ field: "title", op: "contains", value: "sales" }, { title: "Engineer" })).toBe(0);
  });
  it("matches", () => {
    const when = { field: "title", op: "matches", value: "^(vp|chief)\\b" };
    expect(fitOf(when, { title: "VP Sales" })).toBe(7);
    expect(fitOf(when, { title: "Sales VP" })).toBe(0);
  });
  it("exists (on nested attributes too)", () => {
    expect(fitOf({ field: "phone", op: "exists" }, { phone: "+1 555" })).toBe(7);
    expect(fitOf({ field: "phone", op: "exists" }, { phone: "" })).toBe(0);
    expect(fitOf({ field: "attributes.plan", op: "exists" }, { attributes: { plan: "pro" } })).toBe(7);
  });
  it("all, any, not", () => {
    const when = {
      all: [
        {
          any: [
            { field: "country", op: "eq", value: "US" },
            { field: "country", op: "eq", value: "CA" },
          ],
        },
        { not: { field: "title", op: "matches", value: "intern" } },
      ],
    };
    expect(fitOf(when, { country: "CA", title: "CTO" })).toBe(7);
    expect(fitOf(when, { country: "CA", title: "Intern" })).toBe(0);
    expect(fitOf(when, { country: "FR", title: "CTO" })).toBe(0);
  });
  it("missing fields never match", () => {
    expect(fitOf({ field: "companySize", op: "gte", value: 0 }, {})).toBe(0);
  });
  it("engagement rules test the event's own properties", () => {
    const config = scoring({
      fit: [],
      engagement: [
        {
          id: "webinar",
          event: ["form_submitted", "chat_started"],
          when: { field: "properties.form", op: "eq", value: "webinar" },
          points: 4,
        },
      ],
    });
    const r = scoreLead({
      lead: {},
      events: [event("form_submitted", 0, { form: "Webinar" }), event("chat_started", 0, { form: "other" })],
      config,
      now: NOW,
    });
    expect(r.engagement).toBe(4);
  });
});

describe("points and caps", () => {
  it("negative points lower the score", () => {
    const config = scoring({
      ...noEngagement,
      fit: [{ id: "competitor", when: { field: "domain", op: "eq", value: "rival.com" }, points: -20 }],
    });
    expect(scoreLead({ lead: { domain: "rival.com" }, events: [], config, now: NOW }).fit).toBe(-20);
  });

  it("maxCount counts a rule at most N times, keeping the most recent events", () => {
    const config = scoring({
      fit: [],
      caps: { fit: {}, engagement: {} },
      engagement: [{ id: "open", event: "email_opened", points: 5, maxCount: 2, decay: "none" }],
    });
    const events = [event("email_opened", 3), event("email_opened", 1), event("email_opened", 2)];
    const r = scoreLead({ lead: {}, events, config, now: NOW });
    expect(r.engagement).toBe(10);
    expect(r.receipt.map((e) => e.eventId)).toEqual([events[2]?.id, events[1]?.id]);
  });

  it("engagement max caps the score and says so in the receipt", () => {
    const config = scoring({
      fit: [],
      caps: { engagement: { max: 20 } },
      engagement: [{ id: "click", event: "email_clicked", points: 10, decay: "none" }],
    });
    const r = scoreLead({ lead: {}, events: [1, 2, 3].map(() => event("email_clicked")), config, now: NOW });
    expect(r.engagement).toBe(20);
    expect(r.receipt.at(-1)).toMatchObject({ rule: "cap:engagement.max", points: -10, currentPoints: -10 });
  });

  it("engagement min floors the score", () => {
    const config = scoring({
      fit: [],
      caps: { engagement: { min: -30 } },
      engagement: [{ id: "cancel", event: "appointment_canceled", points: -20 }],
    });
    const r = scoreLead({
      lead: {},
      events: [event("appointment_canceled"), event("appointment_canceled")],
      config,
      now: NOW,
    });
    expect(r.engagement).toBe(-30);
    expect(r.receipt.at(-1)).toMatchObject({ rule: "cap:engagement.min", currentPoints: 10 });
  });

  it("fit max caps fit, qualification points included", () => {
    const config = scoring({
      engagement: [],
      caps: { fit: { max: 40 } },
      fit: [{ id: "all", when: { field: "email", op: "exists" }, points: 30 }],
    });
    const r = scoreLead({
      lead: { email: "x@y.z" },
      events: [],
      qualifications: [{ id: "q", framework: "champ", points: 35, qualified: true, at: NOW }],
      config,
      now: NOW,
    });
    expect(r.fit).toBe(40);
  });

  it("rounds to 2 decimals", () => {
    const config = scoring({
      fit: [],
      engagement: [{ id: "click", event: "email_clicked", points: 10, decay: { halfLifeDays: 7 } }],
    });
    const r = scoreLead({ lead: {}, events: [event("email_clicked", 1)], config, now: NOW });
    expect(r.engagement).toBe(9.06);
    expect(r.receipt[0]).toMatchObject({ points: 10, currentPoints: 9.06 });
  });
});

describe("decay", () => {
  const half = { kind: "halfLife", days: 10 } as const;
  const linear = { kind: "linear", days: 10 } as const;
  const window = { kind: "window", days: 10 } as const;

  it("half-life halves every N days", () => {
    expect(decayPoints(20, half, 0)).toBe(20);
    expect(decayPoints(20, half, 10 * DAY)).toBe(10);
    expect(decayPoints(20, half, 20 * DAY)).toBe(5);
    expect(decayPoints(20, half, 5 * DAY)).toBeCloseTo(14.142, 3);
  });
  it("linear falls to zero over N days", () => {
    expect(decayPoints(20, linear, 0)).toBe(20);
    expect(decayPoints(20, linear, 5 * DAY)).toBe(10);
    expect(decayPoints(20, linear, 10 * DAY)).toBe(0);
    expect(decayPoints(20, linear, 30 * DAY)).toBe(0);
  });
  it("a rolling window counts only events within N days", () => {
    expect(decayPoints(20, window, 10 * DAY)).toBe(20);
    expect(decayPoints(20, window, 10 * DAY + 1)).toBe(0);
  });
  it("events stamped in the future count at full value, never more", () => {
    expect(decayPoints(20, half, -DAY)).toBe(20);
    expect(decayPoints(20, linear, -DAY)).toBe(20);
  });

  it("applies per rule in scoring, and leaves worthless lines out of the receipt", () => {
    const config = scoring({
      fit: [],
      caps: { engagement: {} },
      engagement: [
        { id: "h", event: "a", points: 20, decay: { halfLifeDays: 10 } },
        { id: "l", event: "b", points: 20, decay: { linearDays: 10 } },
        { id: "w", event: "c", points: 20, decay: { windowDays: 10 } },
      ],
    });
    const events = [event("a", 10), event("b", 5), event("c", 9), event("c", 11)];
    const r = scoreLead({ lead: {}, events, config, now: NOW });
    expect(r.engagement).toBe(10 + 10 + 20);
    // Oldest first: a (10 days), c (9 days), b (5 days); c at 11 days is outside the window.
    expect(r.receipt.map((e) => [e.rule, e.currentPoints])).toEqual([
      ["h", 10],
      ["w", 20],
      ["l", 10],
    ]);
  });

  it("the section's decay applies to positive rules without their own; negative points never fade", () => {
    const config = scoring({
      fit: [],
      caps: { engagement: {} },
      decay: { linearDays: 10 },
      engagement: [
        { id: "p", event: "a", points: 10 },
        { id: "n", event: "b", points: -10 },
      ],
    });
    const r = scoreLead({ lead: {}, events: [event("a", 5), event("b", 5)], config, now: NOW });
    expect(r.receipt.map((e) => [e.rule, e.currentPoints])).toEqual([
      ["p", 5],
      ["n", -10],
    ]);
  });

  it("default engagement points halve after 60 days", () => {
    const r = scoreLead({
      lead: {},
      events: [event("email_clicked", 60), event("email_opened", 1)],
      config: scoring({ fit: [] }),
      now: NOW,
    });
    expect(r.receipt.find((e) => e.rule === "email_clicked")?.currentPoints).toBe(5);
  });
});

describe("absence rule", () => {
  const config = scoring({
    fit: [],
    engagement: [{ id: "quiet", absent: { event: "email_opened", days: 30 }, points: -10 }],
  });
  const at = (lead: Record<string, unknown>, events: ReturnType<typeof event>[]) =>
    scoreLead({ lead, events, config, now: NOW }).engagement;

  it("applies once the lead has been quiet for N days", () => {
    expect(at({ createdAt: daysAgo(30) }, [])).toBe(-10);
    expect(at({ createdAt: daysAgo(29) }, [])).toBe(0);
  });
  it("an open within N days cancels it; an older one does not", () => {
    expect(at({ createdAt: daysAgo(90) }, [event("email_opened", 10)])).toBe(0);
    expect(at({ createdAt: daysAgo(90) }, [event("email_opened", 31)])).toBe(-10);
  });
  it("other event types do not count as activity", () => {
    expect(at({ createdAt: daysAgo(90) }, [event("email_clicked", 1)])).toBe(-10);
  });
  it("without createdAt the first event starts the clock; with nothing known it does not apply", () => {
    expect(at({}, [event("page_visited", 40)])).toBe(-10);
    expect(at({}, [event("page_visited", 20)])).toBe(0);
    expect(at({}, [])).toBe(0);
  });
  it("its receipt line is dated when the quiet period ran out", () => {
    const r = scoreLead({ lead: {}, events: [event("email_opened", 45)], config, now: NOW });
    expect(r.receipt).toEqual([
      { rule: "quiet", kind: "engagement", points: -10, currentPoints: -10, eventId: null, at: daysAgo(15) },
    ]);
  });
  it("can require a condition on the event", () => {
    const c = scoring({
      fit: [],
      engagement: [
        {
          id: "no_pricing",
          absent: {
            event: "page_visited",
            days: 7,
            when: { field: "properties.url", op: "contains", value: "pricing" },
          },
          points: -3,
        },
      ],
    });
    const score = (url: string) =>
      scoreLead({
        lead: { createdAt: daysAgo(30) },
        events: [event("page_visited", 1, { url })],
        config: c,
        now: NOW,
      }).engagement;
    expect(score("/pricing")).toBe(0);
    expect(score("/blog")).toBe(-3);
  });
});
