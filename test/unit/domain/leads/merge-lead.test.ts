import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  deepMerge,
  mergeLead,
  newLeadColumns,
  type StoredLead,
} from "../../../../src/core/leads/merge-lead.ts";

function stored(overrides: Partial<StoredLead> = {}): StoredLead {
  return {
    ...(newLeadColumns("ada@analytical.example", {}) as unknown as StoredLead),
    externalId: null,
    firstName: "Ada",
    lastName: null,
    name: null,
    phone: null,
    company: "Analytical",
    website: null,
    title: "CTO",
    seniority: null,
    industry: null,
    companySize: null,
    annualRevenue: null,
    country: null,
    region: null,
    city: null,
    timezone: null,
    campaign: null,
    leadMagnet: null,
    funnelStage: null,
    consent: null,
    source: "website",
    interests: ["Pricing"],
    attributes: { utm: { source: "google" }, tags: ["a"] },
    occurredAt: new Date("2025-01-02T00:00:00Z"),
    ...overrides,
  };
}

describe("mergeLead", () => {
  it("keeps fields absent or null in the update; replaces given ones and records prior values", () => {
    const { data, changes } = mergeLead(stored(), { title: "CEO", firstName: null, lastName: "Lovelace" });
    expect(data).toEqual({ title: "CEO", lastName: "Lovelace" });
    expect(changes).toEqual({ title: { from: "CTO", to: "CEO" }, lastName: { from: null, to: "Lovelace" } });
  });
  it("changes nothing when the update repeats what is stored", () => {
    expect(
      mergeLead(stored(), {
        firstName: "Ada",
        interests: ["pricing"],
        attributes: { utm: { source: "google" } },
      }).changes,
    ).toEqual({});
  });
  it("unions interests case-insensitively and deep-merges attributes", () => {
    const { data } = mergeLead(stored(), {
      interests: ["PRICING", "API"],
      attributes: { utm: { campaign: "spring" }, tags: ["b"], empty: null },
    });
    expect(data.interests).toEqual(["Pricing", "API"]);
    expect(data.attributes).toEqual({ utm: { source: "google", campaign: "spring" }, tags: ["b"] });
  });
  it("keeps the first source and the earliest occurredAt", () => {
    expect(mergeLead(stored(), { source: "facebook", occurredAt: new Date("2025-06-01Z") }).changes).toEqual(
      {},
    );
    const earlier = mergeLead(stored({ source: null }), {
      source: "facebook",
      occurredAt: new Date("2024-12-01Z"),
    });
    expect(earlier.data).toMatchObject({ source: "facebook", occurredAt: new Date("2024-12-01Z") });
  });
  it("derives the domain from a new website, and never erases a known one", () => {
    const lead = stored({ email: "ada@gmail.com", domain: null });
    expect(mergeLead(lead, { website: "https://analytical.example" }).data.domain).toBe("analytical.example");
    const known = stored({ email: "ada@gmail.com", domain: "analytical.example" });
    expect(mergeLead(known, { phone: "1" }).data.domain).toBeUndefined();
  });
  it("never loses a stored value (property)", () => {
    const text = fc.option(fc.string({ minLength: 1 }), { nil: undefined });
    fc.assert(
      fc.property(
        fc.record({ firstName: text, company: text, title: text, city: text }),
        fc.array(fc.string({ minLength: 1 })),
        (patch, interests) => {
          const before = stored();
          const { data } = mergeLead(before, { ...patch, interests });
          const after = { ...before, ...data };
          for (const key of ["firstName", "company", "title"] as const) expect(after[key]).not.toBeNull();
          for (const i of before.interests) {
            expect(after.interests.map((x) => x.toLowerCase())).toContain(i.toLowerCase());
          }
          expect(after.attributes).toMatchObject(before.attributes as object);
        },
      ),
    );
  });
});

describe("deepMerge", () => {
  it("merges nested objects, replaces arrays and scalars, ignores null", () => {
    expect(deepMerge({ a: { b: 1, c: [1] }, d: 1 }, { a: { c: [2], e: 3 }, d: null })).toEqual({
      a: { b: 1, c: [2], e: 3 },
      d: 1,
    });
  });
});
