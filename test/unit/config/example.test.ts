import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { buildExample } from "../../../scripts/build-example.ts";
import { parseRules, rulesSchema } from "../../../src/config/rules.ts";

const example = readFileSync(new URL("../../../leadops.example.yml", import.meta.url), "utf8");

describe("leadops.example.yml", () => {
  it("is valid", () => {
    const rules = parseRules(example, "leadops.example.yml");
    expect(rules.reps.length).toBeGreaterThan(0);
    expect(rules.channels.hot).toBeDefined();
  });

  it("documents every top-level key", () => {
    const keys = Object.keys(rulesSchema.parse({}));
    for (const key of keys) expect(example).toMatch(new RegExp(`^${key}:`, "m"));
  });

  it("is up to date with docs/rules (npx tsx scripts/build-example.ts)", () => {
    expect(example).toBe(buildExample());
  });
});
