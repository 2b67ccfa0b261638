import { describe, expect, it } from "vitest";
import { matchRoute } from "../../../../src/core/routing/match-route.ts";
import { config } from "./fixtures.ts";

const cfg = config({
  routes: [
    { name: "partners", sources: ["Partner"], mode: "assign" },
    { name: "enterprise", segments: ["enterprise", "strategic"], grades: ["hot", "warm"], mode: "claim" },
    {
      name: "big-saas",
      when: {
        all: [
          { field: "industry", op: "eq", value: "saas" },
          { field: "companySize", op: "gte", value: 500 },
        ],
      },
    },
    { name: "segment-in-when", when: { field: "segments", op: "contains", value: "webinar" } },
    { name: "hot", grades: ["hot"] },
  ],
  defaultRoute: { name: "rest", mode: "assign" },
});
const match = (lead: Record<string, unknown>, segments: string[] = []) =>
  matchRoute({ lead, segments, config: cfg });

describe("matchRoute", () => {
  it("first match wins, in file order", () => {
    const m = match({ source: "partner", grade: "hot" }, ["enterprise"]);
    expect(m).toMatchObject({ index: 0, isDefault: false, matched: ["source is partner"], pools: ["all"] });
    expect(m.route.name).toBe("partners");
  });

  it("all criteria of a route must hold; segments match any listed", () => {
    expect(match({ grade: "warm" }, ["strategic"]).route.name).toBe("enterprise");
    expect(match({ grade: "warm" }, ["strategic"]).matched).toEqual([
      "grade is warm",
      "in segment strategic",
    ]);
    expect(match({ grade: "cold" }, ["strategic"]).route.name).toBe("rest");
    expect(match({ grade: "hot" }, ["smb"]).route.name).toBe("hot");
  });

  it("conditions see the lead's fields and its segments", () => {
    const m = match({ industry: "SaaS", companySize: "800" });
    expect(m.route.name).toBe("big-saas");
    expect(m.matched).toEqual(["industry is saas and companySize ≥ 500"]);
    expect(match({ industry: "SaaS", companySize: 20 }).route.name).toBe("rest");
    expect(match({}, ["webinar"]).route.name).toBe("segment-in-when");
  });

  it("the default route catches the rest", () => {
    expect(match({})).toMatchObject({ index: null, isDefault: true, matched: ["no route matched: default"] });
    expect(match({}).route).toMatchObject({ name: "rest", mode: "assign" });
  });

  it("a route with no criteria matches every lead", () => {
    const m = matchRoute({ lead: {}, segments: [], config: config({ routes: [{ name: "everyone" }] }) });
    expect(m).toMatchObject({ index: 0, matched: ["matches every lead"] });
  });

  it("lists the primary and overflow pools once, for the caller to lock", () => {
    const c = config({
      pools: [{ name: "a" }, { name: "b" }],
      routes: [{ name: "r", pool: "a", overflow: ["b", "a", "all"] }],
    });
    expect(matchRoute({ lead: {}, segments: [], config: c }).pools).toEqual(["a", "b", "all"]);
  });
});
