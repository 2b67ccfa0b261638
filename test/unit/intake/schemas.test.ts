import { describe, expect, it } from "vitest";
import { ZodError } from "zod";
import {
  parseEventBody,
  parseLeadBody,
  parseLeadLenient,
  storableJson,
} from "../../../src/intake/schemas.ts";

describe("lead body", () => {
  it("normalises the email, trims text, treats empty and null as absent, keeps unknown keys in attributes", () => {
    expect(
      parseLeadBody({
        email: " Ada@Example.COM ",
        firstName: "  Ada ",
        lastName: "",
        company: null,
        companySize: "42",
        utm_term: "crm",
        attributes: { plan: "pro" },
      }),
    ).toEqual({
      email: "ada@example.com",
      firstName: "Ada",
      companySize: 42,
      attributes: { utm_term: "crm", plan: "pro" },
    });
  });
  it("names every invalid field", () => {
    try {
      parseLeadBody({ email: "x", funnelStage: "side", interests: "a", consent: "yes" });
      expect.unreachable();
    } catch (err) {
      expect((err as ZodError).issues.map((i) => i.path[0]).sort()).toEqual([
        "consent",
        "email",
        "funnelStage",
        "interests",
      ]);
    }
  });
  it("lenient parsing (named sources) keeps unusable optional fields in attributes", () => {
    expect(parseLeadLenient({ email: "a@b.example", companySize: "lots" })).toEqual({
      email: "a@b.example",
      attributes: { unmapped: { companySize: "lots" } },
    });
    expect(() => parseLeadLenient({ email: "nope" })).toThrow(ZodError);
  });
});

describe("event body", () => {
  it("needs a type and an email or a lead id; extra keys go to properties", () => {
    expect(parseEventBody({ id: 7, type: "purchase", email: "A@B.example", amount: 10 })).toEqual({
      target: { email: "a@b.example" },
      event: {
        externalId: "7",
        type: "purchase",
        source: "webhook",
        occurredAt: null,
        properties: { amount: 10 },
      },
    });
    expect(() => parseEventBody({ type: "purchase" })).toThrow(/email or leadId/);
    expect(() => parseEventBody({ type: "purchase", leadId: "123" })).toThrow(ZodError);
  });
});

describe("storable JSON", () => {
  it("removes NUL characters, drops __proto__ keys and refuses deep nesting", () => {
    const parsed = JSON.parse('{"a\\u0000":"b\\u0000c","__proto__":{"x":1}}');
    expect(storableJson(parsed)).toEqual({ a: "bc" });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { d: deep };
    expect(() => storableJson(deep)).toThrow(/nested/);
  });
});
