import { describe, expect, it } from "vitest";
import { pickReasons } from "../../../../src/core/scoring/pick-reasons.ts";
import { scoreLead } from "../../../../src/core/scoring/score-lead.ts";
import { defaults, event, NOW } from "./fixtures.ts";

describe("receipt", () => {
  const config = defaults();
  const lead = {
    email: "ceo@acme.com",
    title: "CEO",
    companySize: 120,
    domain: "acme.com",
    industry: "Software",
    createdAt: NOW,
  };
  const clicked = event("email_clicked", 0, {}, "e-click");
  const result = scoreLead({
    lead,
    events: [clicked, event("email_opened", 0, {}, "e-open")],
    qualifications: [{ id: "q1", framework: "champ", points: 30, qualified: true, at: NOW }],
    config,
    now: NOW,
  });

  it("has an entry in CONTRACT.md's shape for every point, and they add up", () => {
    for (const entry of result.receipt) {
      expect(Object.keys(entry).sort()).toEqual(["at", "currentPoints", "eventId", "kind", "points", "rule"]);
    }
    const sum = (kind: string) =>
      result.receipt.filter((e) => e.kind === kind).reduce((s, e) => s + e.currentPoints, 0);
    expect(sum("fit")).toBe(result.fit);
    expect(sum("engagement")).toBe(result.engagement);
    expect(result.total).toBe(result.fit + result.engagement);
  });

  it("names the rule, the event and the qualification", () => {
    expect(result.receipt).toContainEqual({
      rule: "email_clicked",
      kind: "engagement",
      points: 10,
      currentPoints: 10,
      eventId: "e-click",
      at: clicked.occurredAt,
    });
    expect(result.receipt).toContainEqual({
      rule: "qualification:champ",
      kind: "fit",
      points: 30,
      currentPoints: 30,
      eventId: null,
      at: NOW,
    });
    expect(result.fit).toBe(15 + 10 + 10 + 5 + 30);
  });

  it("the latest submission per framework replaces earlier ones", () => {
    const r = scoreLead({
      lead: {},
      events: [],
      qualifications: [
        { id: "q1", framework: "champ", points: 30, qualified: true, at: new Date(NOW.getTime() - 1000) },
        { id: "q2", framework: "champ", points: 10, qualified: false, at: NOW },
      ],
      config,
      now: NOW,
    });
    expect(r.fit).toBe(10);
  });

  it("picks the top reasons for a hot lead", () => {
    const reasons = pickReasons({ receipt: result.receipt, limit: 3 });
    expect(reasons.map((r) => r.rule)).toEqual([
      "qualification:champ",
      "decision_maker_title",
      "company_size_51_200",
    ]);
    expect(reasons[0]?.text).toBe("qualification:champ: +30 fit");
  });

  it("groups repeated rules and can include negative ones", () => {
    const r = scoreLead({
      lead: { createdAt: NOW },
      events: [event("email_clicked"), event("email_clicked"), event("unsubscribed")],
      config: { ...config, fit: [] },
      now: NOW,
    });
    expect(pickReasons({ receipt: r.receipt })).toEqual([
      {
        rule: "email_clicked",
        kind: "engagement",
        points: 20,
        count: 2,
        text: "email_clicked ×2: +20 engagement",
      },
    ]);
    expect(pickReasons({ receipt: r.receipt, includeNegative: true }).map((x) => x.rule)).toEqual([
      "unsubscribed",
      "email_clicked",
    ]);
  });
});
