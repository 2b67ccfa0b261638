import { describe, expect, it } from "vitest";
import {
  companyDomain,
  isFreeMailDomain,
  normalizeEmail,
  websiteDomain,
} from "../../../../src/core/leads/normalize-lead.ts";

describe("normalizeEmail", () => {
  it("trims and lower-cases; converts international domains", () => {
    expect(normalizeEmail("  Ada.Lovelace@Example.COM ")).toBe("ada.lovelace@example.com");
    expect(normalizeEmail("jürgen@bücher.example")).toBe("jürgen@xn--bcher-kva.example");
  });
  it("refuses what is not an address", () => {
    for (const bad of [
      "",
      "ada",
      "@example.com",
      "ada@",
      "ada@localhost",
      "a b@example.com",
      "ada@exa mple.com",
      `${"a".repeat(65)}@x.example`,
    ]) {
      expect(normalizeEmail(bad)).toBeNull();
    }
  });
});

describe("company domain", () => {
  it("comes from a work email", () => {
    expect(companyDomain({ email: "ada@Analytical.example" })).toBe("analytical.example");
  });
  it("is none for free mail, unless a website names the company", () => {
    expect(companyDomain({ email: "ada@gmail.com" })).toBeNull();
    expect(companyDomain({ email: "ada@yahoo.co.uk" })).toBeNull();
    expect(companyDomain({ email: "ada@gmail.com", website: "https://www.Analytical.example/about" })).toBe(
      "analytical.example",
    );
  });
  it("prefers the website over the email domain", () => {
    expect(companyDomain({ email: "ada@mail.agency.example", website: "analytical.example" })).toBe(
      "analytical.example",
    );
  });
  it("recognises free-mail families without catching companies", () => {
    expect(isFreeMailDomain("hotmail.fr")).toBe(true);
    expect(isFreeMailDomain("gmx.de")).toBe(true);
    expect(isFreeMailDomain("outlook.com")).toBe(true);
    expect(isFreeMailDomain("live.acme.example")).toBe(false);
    expect(isFreeMailDomain("acme.com")).toBe(false);
  });
  it("reads websites with or without a scheme and ignores junk", () => {
    expect(websiteDomain("www.acme.example")).toBe("acme.example");
    expect(websiteDomain("http://acme.example:8080/x")).toBe("acme.example");
    expect(websiteDomain("not a url")).toBeNull();
    expect(websiteDomain("ftp://acme.example")).toBeNull();
  });
});
