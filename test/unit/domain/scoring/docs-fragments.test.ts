// The documented fragments (assembled into leadops.example.yml) must stay valid and, where they
// restate defaults, must restate them exactly.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultRules } from "../../../../src/config/rules.ts";
import { qualificationConfigSchema } from "../../../../src/core/qualification/config.ts";
import { scoringConfigSchema } from "../../../../src/core/scoring/config.ts";
import { segmentsConfigSchema } from "../../../../src/core/segments/config.ts";

const read = (section: string) =>
  parse(readFileSync(`docs/rules/${section}.yml`, "utf8")) as Record<string, unknown>;

describe("docs/rules fragments", () => {
  for (const [section, schema] of [
    ["scoring", scoringConfigSchema],
    ["segments", segmentsConfigSchema],
    ["qualification", qualificationConfigSchema],
  ] as const) {
    it(`docs/rules/${section}.yml has one top-level key and parses with the schema`, () => {
      const doc = read(section);
      expect(Object.keys(doc)).toEqual([section]);
      const result = schema.safeParse(doc[section]);
      expect(result.error?.issues ?? []).toEqual([]);
    });
  }

  it("the scoring fragment restates the defaults exactly", () => {
    expect(scoringConfigSchema.parse(read("scoring").scoring)).toEqual(defaultRules().scoring);
  });

  it("the qualification fragment restates the built-in frameworks exactly", () => {
    expect(qualificationConfigSchema.parse(read("qualification").qualification)).toEqual(
      defaultRules().qualification,
    );
  });
});
