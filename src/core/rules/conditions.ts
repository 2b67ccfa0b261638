// Conditions shared by scoring, segments and routing rules: `{ field, op, value }`, combined
// with `all` / `any` / `not`. Pure: the facts are a plain object, fields are dotted paths.
import { RE2JS } from "re2js";
import { z } from "zod";

export const operators = [
  "eq",
  "neq",
  "in",
  "gte",
  "lte",
  "between",
  "contains",
  "matches",
  "exists",
] as const;
export type Operator = (typeof operators)[number];

const scalar = z.union([z.string(), z.number(), z.boolean()]);

export const leafConditionSchema = z
  .object({
    field: z.string().min(1),
    op: z.enum(operators),
    value: z.union([scalar, z.array(scalar)]).optional(),
    /** Case-insensitive comparison for strings (default true: "VP" and "vp" are the same title). */
    ignoreCase: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    const fail = (message: string) => ctx.addIssue({ code: "custom", path: ["value"], message });
    if (c.op === "exists") return;
    if (c.value === undefined) return fail(`operator ${c.op} needs a value`);
    if (c.op === "in" && !Array.isArray(c.value)) fail("operator in needs a list");
    if (
      c.op === "between" &&
      (!Array.isArray(c.value) || c.value.length !== 2 || c.value.some((v) => typeof v !== "number"))
    )
      fail("operator between needs [min, max] numbers");
    if ((c.op === "gte" || c.op === "lte") && typeof c.value !== "number")
      fail(`operator ${c.op} needs a number`);
    if (c.op === "matches") {
      if (typeof c.value !== "string") return fail("operator matches needs a regular expression string");
      try {
        compilePattern(c.value, false);
      } catch (err) {
        fail(
          `invalid regular expression (patterns run on RE2, in linear time: no look-around, no back-references): ${(err as Error).message}`,
        );
      }
    }
  });

export type LeafCondition = z.infer<typeof leafConditionSchema>;
export type Condition = LeafCondition | { all: Condition[] } | { any: Condition[] } | { not: Condition };

export const conditionSchema: z.ZodType<Condition> = z.lazy(() =>
  z.union([
    leafConditionSchema,
    z.object({ all: z.array(conditionSchema).min(1) }).strict(),
    z.object({ any: z.array(conditionSchema).min(1) }).strict(),
    z.object({ not: conditionSchema }).strict(),
  ]),
);

export type Facts = Record<string, unknown>;

/** Reads a dotted path (`attributes.plan`, `properties.url`) from the facts. */
export function readField(facts: Facts, path: string): unknown {
  let value: unknown = facts;
  for (const part of path.split(".")) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

/**
 * Only the first MAX_MATCH_INPUT characters of a value are matched against a pattern: the
 * values are typed by strangers (forms, webhooks), and even linear time is paid per character.
 */
export const MAX_MATCH_INPUT = 10_000;

interface Pattern {
  test(input: string): boolean;
}

// RE2 (re2js, pure JavaScript) instead of `new RegExp`: its time is linear in the input for
// every pattern, so a rules file cannot hold a pattern like `(a+)+$` that freezes the process
// on a crafted value. V8's engine backtracks. See docs/decisions/0009-edges.md.
function compilePattern(source: string, ignoreCase: boolean): Pattern {
  const re = RE2JS.compile(source, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return {
    test: (input) => re.test(input.length > MAX_MATCH_INPUT ? input.slice(0, MAX_MATCH_INPUT) : input),
  };
}

const regexCache = new Map<string, Pattern>();
function regex(source: string, ignoreCase: boolean): Pattern {
  const key = `${ignoreCase ? "i" : ""}:${source}`;
  let re = regexCache.get(key);
  if (!re) {
    re = compilePattern(source, ignoreCase);
    regexCache.set(key, re);
  }
  return re;
}

function norm(v: unknown, ignoreCase: boolean): unknown {
  return ignoreCase && typeof v === "string" ? v.toLowerCase() : v;
}

function toNumber(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

function evaluateLeaf(c: LeafCondition, facts: Facts): boolean {
  const actual = readField(facts, c.field);
  const ic = c.ignoreCase;
  switch (c.op) {
    case "exists":
      return (
        actual !== undefined &&
        actual !== null &&
        actual !== "" &&
        !(Array.isArray(actual) && actual.length === 0)
      );
    case "eq":
    case "neq": {
      const equal = Array.isArray(actual)
        ? actual.some((a) => norm(a, ic) === norm(c.value, ic))
        : norm(actual, ic) === norm(c.value, ic) ||
          (toNumber(actual) !== undefined && toNumber(actual) === toNumber(c.value));
      return c.op === "eq" ? equal : !equal;
    }
    case "in": {
      const options = (c.value as unknown[]).map((v) => norm(v, ic));
      const values = Array.isArray(actual) ? actual : [actual];
      return values.some((a) => options.includes(norm(a, ic)));
    }
    case "gte": {
      const n = toNumber(actual);
      return n !== undefined && n >= (c.value as number);
    }
    case "lte": {
      const n = toNumber(actual);
      return n !== undefined && n <= (c.value as number);
    }
    case "between": {
      const n = toNumber(actual);
      const [min, max] = c.value as [number, number];
      return n !== undefined && n >= min && n <= max;
    }
    case "contains": {
      const needle = norm(String(c.value), ic) as string;
      if (Array.isArray(actual)) return actual.some((a) => norm(a, ic) === needle);
      return typeof actual === "string" && (norm(actual, ic) as string).includes(needle);
    }
    case "matches": {
      const re = regex(String(c.value), ic);
      if (Array.isArray(actual)) return actual.some((a) => typeof a === "string" && re.test(a));
      return typeof actual === "string" && re.test(actual);
    }
  }
}

/** Whether the facts satisfy the condition. Missing fields never match (except under `not`). */
export function evaluateCondition(condition: Condition, facts: Facts): boolean {
  if ("all" in condition) return condition.all.every((c) => evaluateCondition(c, facts));
  if ("any" in condition) return condition.any.some((c) => evaluateCondition(c, facts));
  if ("not" in condition) return !evaluateCondition(condition.not, facts);
  return evaluateLeaf(condition, facts);
}

export type CompiledCondition = (facts: Facts) => boolean;

/**
 * Compiles a condition once into a predicate with exactly `evaluateCondition`'s meaning.
 * Scoring runs hundreds of thousands of evaluations a second, so paths are split, option
 * lists normalised and regular expressions built here rather than on every call.
 */
export function compileCondition(condition: Condition): CompiledCondition {
  if ("all" in condition) {
    const parts = condition.all.map(compileCondition);
    return (facts) => {
      for (const p of parts) if (!p(facts)) return false;
      return true;
    };
  }
  if ("any" in condition) {
    const parts = condition.any.map(compileCondition);
    return (facts) => {
      for (const p of parts) if (p(facts)) return true;
      return false;
    };
  }
  if ("not" in condition) {
    const inner = compileCondition(condition.not);
    return (facts) => !inner(facts);
  }
  return compileLeaf(condition);
}

function compileReader(path: string): (facts: Facts) => unknown {
  const parts = path.split(".");
  if (parts.length === 1) {
    const key = parts[0] as string;
    return (facts) => (facts as Record<string, unknown>)[key];
  }
  return (facts) => {
    let value: unknown = facts;
    for (const part of parts) {
      if (value === null || typeof value !== "object") return undefined;
      value = (value as Record<string, unknown>)[part];
    }
    return value;
  };
}

function compileLeaf(c: LeafCondition): CompiledCondition {
  const read = compileReader(c.field);
  const ic = c.ignoreCase;
  switch (c.op) {
    case "exists":
      return (facts) => {
        const actual = read(facts);
        return (
          actual !== undefined &&
          actual !== null &&
          actual !== "" &&
          !(Array.isArray(actual) && actual.length === 0)
        );
      };
    case "eq":
    case "neq":
      return compileEquality(read, c.value, ic, c.op === "eq");
    case "in": {
      const options = new Set((c.value as unknown[]).map((v) => norm(v, ic)));
      return (facts) => {
        const actual = read(facts);
        if (!Array.isArray(actual)) return options.has(norm(actual, ic));
        for (const a of actual) if (options.has(norm(a, ic))) return true;
        return false;
      };
    }
    case "gte": {
      const min = c.value as number;
      return (facts) => {
        const n = toNumber(read(facts));
        return n !== undefined && n >= min;
      };
    }
    case "lte": {
      const max = c.value as number;
      return (facts) => {
        const n = toNumber(read(facts));
        return n !== undefined && n <= max;
      };
    }
    case "between": {
      const [min, max] = c.value as [number, number];
      return (facts) => {
        const n = toNumber(read(facts));
        return n !== undefined && n >= min && n <= max;
      };
    }
    case "contains":
      return compileContains(read, String(c.value), ic);
    case "matches": {
      const re = regex(String(c.value), ic);
      return (facts) => {
        const actual = read(facts);
        if (Array.isArray(actual)) {
          for (const a of actual) if (typeof a === "string" && re.test(a)) return true;
          return false;
        }
        return typeof actual === "string" && re.test(actual);
      };
    }
  }
}

/** `eq` / `neq`: a list matches when any item does; a number also matches its string form. */
function compileEquality(
  read: (facts: Facts) => unknown,
  value: unknown,
  ic: boolean,
  wantEqual: boolean,
): CompiledCondition {
  const expected = norm(value, ic);
  const expectedNumber = toNumber(value);
  return (facts) => {
    const actual = read(facts);
    let equal: boolean;
    if (Array.isArray(actual)) {
      equal = false;
      for (const a of actual)
        if (norm(a, ic) === expected) {
          equal = true;
          break;
        }
    } else {
      equal =
        norm(actual, ic) === expected ||
        (expectedNumber !== undefined && toNumber(actual) === expectedNumber);
    }
    return equal === wantEqual;
  };
}

/** `contains`: a substring of a string, or an item of a list. */
function compileContains(read: (facts: Facts) => unknown, value: string, ic: boolean): CompiledCondition {
  const needle = norm(value, ic) as string;
  return (facts) => {
    const actual = read(facts);
    if (Array.isArray(actual)) {
      for (const a of actual) if (norm(a, ic) === needle) return true;
      return false;
    }
    return typeof actual === "string" && (norm(actual, ic) as string).includes(needle);
  };
}
