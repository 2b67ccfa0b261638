// PRODUCT.md's default engagement table, one event type at a time, scored the moment it happens.
import { describe, expect, it } from "vitest";
import { scoreLead } from "../../../../src/core/scoring/score-lead.ts";
import { defaults, event, NOW } from "./fixtures.ts";

const config = defaults();
// A lead captured just now: the 30-day absence rule cannot apply yet.
const lead = { email: "a@example.com", createdAt: NOW };

function engagementOf(type: string, properties: Record<string, unknown> = {}): number {
  return scoreLead({ lead, events: [event(type, 0, properties)], config, now: NOW }).engagement;
}

describe("default engagement points (PRODUCT.md)", () => {
  it("subscribed +5", () => expect(engagementOf("subscribed")).toBe(5));
  it("appointment_canceled −5", () => expect(engagementOf("appointment_canceled")).toBe(-5));
  it("appointment_booked +25", () => expect(engagementOf("appointment_booked")).toBe(25));
  it("email_opened +5", () => expect(engagementOf("email_opened")).toBe(5));
  it("email_clicked +10", () => expect(engagementOf("email_clicked")).toBe(10));
  it("page_visited on pricing +10", () =>
    expect(engagementOf("page_visited", { url: "https://acme.com/pricing?plan=pro" })).toBe(10));
  it("plain page_visited 0", () =>
    expect(engagementOf("page_visited", { url: "https://acme.com/blog" })).toBe(0));
  it("email_replied +15", () => expect(engagementOf("email_replied")).toBe(15));
  it("trial_started +25", () => expect(engagementOf("trial_started")).toBe(25));
  it("callback_requested +30 (issue 17)", () => expect(engagementOf("callback_requested")).toBe(30));
  it("unsubscribed −25", () => expect(engagementOf("unsubscribed")).toBe(-25));
  it("unknown event types score 0", () => {
    expect(engagementOf("form_submitted")).toBe(0);
    expect(engagementOf("something_new")).toBe(0);
  });
  it("no email_opened in 30 days −10", () => {
    const old = { email: "a@example.com", createdAt: new Date(NOW.getTime() - 31 * 86_400_000) };
    const result = scoreLead({ lead: old, events: [], config, now: NOW });
    expect(result.engagement).toBe(-10);
    expect(result.receipt).toEqual([
      {
        rule: "no_email_opened_30d",
        kind: "engagement",
        points: -10,
        currentPoints: -10,
        eventId: null,
        at: new Date(old.createdAt.getTime() + 30 * 86_400_000),
      },
    ]);
  });
  it("default thresholds are warm 30 and hot 60 on the total", () => {
    expect(config.thresholds).toEqual({ warm: 30, hot: 60 });
    const at = (n: number) =>
      scoreLead({
        lead,
        events: Array.from({ length: n }, () => event("email_clicked")),
        config: { ...config, fit: [] },
        now: NOW,
      });
    expect(at(2).grade).toBe("cold");
    expect(at(3).grade).toBe("warm");
    expect(at(5).grade).toBe("warm");
    expect(at(6).grade).toBe("hot");
  });
});
