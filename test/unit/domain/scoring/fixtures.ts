// Small builders shared by the scoring tests.
import { defaultRules, parseRules } from "../../../../src/config/rules.ts";
import type { ScoringConfig } from "../../../../src/core/scoring/config.ts";
import { scoringConfigSchema } from "../../../../src/core/scoring/config.ts";
import type { EventFacts } from "../../../../src/core/scoring/types.ts";

export const NOW = new Date("2025-06-01T12:00:00Z");
export const DAY = 86_400_000;

export function daysAgo(days: number, from: Date = NOW): Date {
  return new Date(from.getTime() - days * DAY);
}

let seq = 0;
export function event(
  type: string,
  ageDays = 0,
  properties: Record<string, unknown> = {},
  id?: string,
): EventFacts {
  return { id: id ?? `ev-${++seq}`, type, occurredAt: daysAgo(ageDays), properties };
}

export function defaults(): ScoringConfig {
  return defaultRules().scoring;
}

/** A scoring config from plain data, through the real schema. */
export function scoring(input: Record<string, unknown>): ScoringConfig {
  return scoringConfigSchema.parse(input);
}

/** A scoring config from YAML text, through the real rules loader. */
export function scoringYaml(text: string): ScoringConfig {
  return parseRules(text).scoring;
}
