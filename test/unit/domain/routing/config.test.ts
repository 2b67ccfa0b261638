import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  followUpConfigSchema,
  routingConfigSchema,
  slaConfigSchema,
} from "../../../../src/core/routing/config.ts";

describe("routing config", () => {
  it("defaults: hot leads claimed first in 5 minutes, sales-ready assigned, the rest held", () => {
    const cfg = routingConfigSchema.parse({});
    expect(cfg.claimWindowMinutes).toBe(5);
    expect(cfg.fallback).toBe("managers");
    expect(cfg.routes.map((r) => [r.name, r.mode, r.strategy, r.pool])).toEqual([
      ["hot", "claim", "round_robin", "all"],
      ["sales-ready", "assign", "round_robin", "all"],
    ]);
    expect(cfg.defaultRoute.mode).toBe("hold");
  });

  it("sla and follow-up defaults", () => {
    expect(slaConfigSchema.parse({})).toMatchObject({ nudgeMinutes: 15, rerouteMinutes: 60, maxReroutes: 3 });
    expect(followUpConfigSchema.parse({})).toMatchObject({
      sqlInactiveDays: 3,
      contactedNoOutcomeDays: 7,
      recycleAfterDays: 30,
    });
  });

  it("rejects unknown pools, duplicate names and bad fallbacks", () => {
    const bad = routingConfigSchema.safeParse({
      fallback: "somebody",
      pools: [{ name: "ent" }, { name: "ent" }],
      routes: [
        { name: "a", pool: "nope" },
        { name: "a", overflow: ["gone"] },
      ],
    });
    expect(bad.success).toBe(false);
    const messages = bad.error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringContaining("fallback"),
        "pools.1.name: duplicate pool ent",
        "routes.0.pool: unknown pool nope",
        "routes.1.name: duplicate route a",
        "routes.1.overflow.0: unknown pool gone",
      ]),
    );
  });

  for (const [section, schema] of [
    ["routing", routingConfigSchema],
    ["sla", slaConfigSchema],
    ["followUp", followUpConfigSchema],
  ] as const) {
    it(`docs/rules/${section}.yml parses with the schema`, () => {
      const doc = parse(readFileSync(`docs/rules/${section}.yml`, "utf8")) as Record<string, unknown>;
      expect(Object.keys(doc)).toEqual([section]);
      const result = schema.safeParse(doc[section]);
      expect(result.error?.issues ?? []).toEqual([]);
    });
  }
});
