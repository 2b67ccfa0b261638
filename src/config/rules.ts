// leadops.yml: schema, built-in defaults and a loader whose errors carry line numbers.
// Each section's schema lives beside the domain code that uses it; this file composes them.
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { isMap, isSeq, LineCounter, parseDocument, type Node as YamlNode } from "yaml";
import { z } from "zod";
import { alertsConfigSchema } from "../core/alerts/config.ts";
import { outboundConfigSchema } from "../core/outbound/config.ts";
import { slackConfigSchema } from "../core/outbox/config.ts";
import { qualificationConfigSchema } from "../core/qualification/config.ts";
import {
  followUpConfigSchema,
  routingConfigSchema,
  slaConfigSchema,
  workingHoursSchema,
} from "../core/routing/config.ts";
import { scoringConfigSchema } from "../core/scoring/config.ts";
import { segmentsConfigSchema } from "../core/segments/config.ts";

const slackUserId = z.string().regex(/^[UW][A-Z0-9]{2,}$/, "must be a Slack user id such as U012ABCDEF");
const slackChannelId = z
  .string()
  .regex(/^[CGD][A-Z0-9]{2,}$/, "must be a Slack channel id such as C012ABCDEF");

export const repSchema = z
  .object({
    slackId: slackUserId,
    name: z.string().min(1),
    weight: z.number().positive().default(1),
    capacity: z.number().int().positive().optional(),
    industries: z.array(z.string()).default([]),
    regions: z.array(z.string()).default([]),
    seniority: z.enum(["junior", "mid", "senior"]).optional(),
    timezone: z.string().optional(),
    workingHours: workingHoursSchema.optional(),
  })
  .strict();
export type RepConfig = z.infer<typeof repSchema>;

const sourceSecretSchema = z
  .object({
    secret: z.string().optional(),
    rateLimitPerMinute: z.number().int().positive().optional(),
    fieldMap: z.record(z.string(), z.string()).optional(),
    costPerLead: z.number().nonnegative().optional(),
  })
  .strict();

export const rulesSchema = z
  .object({
    channels: z
      .object({
        hot: slackChannelId.optional(),
        marketing: slackChannelId.optional(),
        managers: slackChannelId.optional(),
      })
      .strict()
      .default({}),
    roles: z
      .object({
        managers: z.array(slackUserId).default([]),
        marketing: z.array(slackUserId).default([]),
      })
      .strict()
      .default({ managers: [], marketing: [] }),
    reps: z.array(repSchema).default([]),
    scoring: scoringConfigSchema.prefault({}),
    segments: segmentsConfigSchema.prefault([]),
    qualification: qualificationConfigSchema.prefault({}),
    routing: routingConfigSchema.prefault({}),
    sla: slaConfigSchema.prefault({}),
    followUp: followUpConfigSchema.prefault({}),
    sources: z.record(z.string(), sourceSecretSchema).default({}),
    outbound: outboundConfigSchema.prefault({}),
    slack: slackConfigSchema.prefault({}),
    alerts: alertsConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.reps.forEach((rep, i) => {
      if (seen.has(rep.slackId)) {
        ctx.addIssue({
          code: "custom",
          path: ["reps", i, "slackId"],
          message: `duplicate rep ${rep.slackId}`,
        });
      }
      seen.add(rep.slackId);
    });
  });

export type Rules = z.infer<typeof rulesSchema>;

export class RulesError extends Error {
  constructor(
    readonly file: string,
    readonly problems: { path: string; line?: number; message: string }[],
  ) {
    super(
      `Invalid rules file ${file}:\n${problems
        .map((p) => `  ${p.line ? `line ${p.line}: ` : ""}${p.path ? `${p.path}: ` : ""}${p.message}`)
        .join("\n")}`,
    );
    this.name = "RulesError";
  }
}

/** The built-in rules (PRODUCT.md's defaults), used when no leadops.yml exists. */
export function defaultRules(): Rules {
  return rulesSchema.parse({});
}

/** Parses YAML text into validated rules; errors name the path and the line. */
export function parseRules(text: string, file = "leadops.yml"): Rules {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new RulesError(
      file,
      doc.errors.map((e) => ({
        path: "",
        line: e.linePos?.[0]?.line,
        message: e.message.split("\n")[0] ?? e.message,
      })),
    );
  }
  const raw = doc.toJS() ?? {};
  const result = rulesSchema.safeParse(raw);
  if (result.success) return result.data;
  throw new RulesError(
    file,
    result.error.issues.map((issue) => {
      const path = issue.path.map(String);
      return { path: path.join("."), line: lineOf(doc.contents, path, lineCounter), message: issue.message };
    }),
  );
}

/** Finds the line of the deepest existing node along a path. */
function lineOf(root: unknown, path: string[], counter: LineCounter): number | undefined {
  let node = root as YamlNode | null | undefined;
  let line: number | undefined = node?.range ? counter.linePos(node.range[0]).line : undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => String((p.key as { value?: unknown })?.value ?? p.key) === key);
      if (!pair) break;
      const keyNode = pair.key as YamlNode;
      if (keyNode?.range) line = counter.linePos(keyNode.range[0]).line;
      node = pair.value as YamlNode;
      if (node?.range) line = counter.linePos(node.range[0]).line;
    } else if (isSeq(node)) {
      node = node.items[Number(key)] as YamlNode;
      if (!node) break;
      if (node.range) line = counter.linePos(node.range[0]).line;
    } else break;
  }
  return line;
}

/** Loads the rules file, or the defaults when it does not exist. */
export function loadRules(file: string): { rules: Rules; source: "file" | "defaults"; hash: string } {
  if (!existsSync(file)) {
    const rules = defaultRules();
    return { rules, source: "defaults", hash: rulesHash(rules) };
  }
  const rules = parseRules(readFileSync(file, "utf8"), file);
  return { rules, source: "file", hash: rulesHash(rules) };
}

/** A stable hash of the scoring-relevant rules: a change means leads must be rescored. */
export function rulesHash(rules: Rules): string {
  const relevant = { scoring: rules.scoring, segments: rules.segments, qualification: rules.qualification };
  return createHash("sha256").update(stableStringify(relevant)).digest("hex").slice(0, 16);
}

function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/** The line of a key path in a rules file's text (config check's warnings name it). */
export function lineOfPath(text: string, path: (string | number)[]): number | undefined {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  return lineOf(doc.contents, path.map(String), lineCounter);
}
