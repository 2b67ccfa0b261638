// The `qualification` section of leadops.yml: which framework the post-call modal uses and the
// frameworks themselves. Frameworks given here replace the built-in one of the same id; the
// other built-ins stay. docs/rules/qualification.yml documents each key.
import { z } from "zod";
import { namedRule, uniqueBy } from "../scoring/named-rule.ts";
import { builtinFrameworks } from "./frameworks.ts";

const fieldId = z.string().regex(/^[a-z][a-z0-9_]*$/, "field ids are lowercase letters, digits and _");

const optionSchema = z
  .object({
    value: z.string().min(1).max(150),
    label: z.string().min(1).max(75),
    points: z.number().finite().default(0),
    /** Choosing this option means not qualified, whatever the points. */
    disqualifies: z.boolean().default(false),
  })
  .strict();

const fieldInner = z
  .object({
    id: fieldId,
    label: z.string().min(1).max(2000),
    type: z.enum(["select", "text"]),
    required: z.boolean().default(false),
    options: z.array(optionSchema).max(100).optional(),
    placeholder: z.string().max(150).optional(),
    multiline: z.boolean().default(false),
    maxLength: z.number().int().positive().max(3000).default(3000),
  })
  .strict()
  .superRefine((f, ctx) => {
    if (f.type === "select" && (!f.options || f.options.length === 0))
      ctx.addIssue({ code: "custom", path: ["options"], message: "a select field needs options" });
    if (f.type === "text" && f.options)
      ctx.addIssue({ code: "custom", path: ["options"], message: "a text field has no options" });
    const seen = new Set<string>();
    f.options?.forEach((o, i) => {
      if (seen.has(o.value))
        ctx.addIssue({
          code: "custom",
          path: ["options", i, "value"],
          message: `duplicate option "${o.value}"`,
        });
      seen.add(o.value);
    });
  });

export type QualificationField = z.infer<typeof fieldInner>;

const frameworkInner = z
  .object({
    label: z.string().min(1).max(75),
    fields: z
      .array(namedRule(fieldInner, "field"))
      .min(1)
      .superRefine((fields, ctx) => uniqueBy(fields, (f) => f.id, "field", ctx)),
    qualifiedWhen: z.object({ minPoints: z.number().finite() }).strict(),
    /** A qualified submission moves the lead to sql. */
    promoteToSql: z.boolean().default(true),
  })
  .strict();

export interface Framework extends z.infer<typeof frameworkInner> {
  id: string;
}

export const qualificationConfigSchema = z
  .object({
    /** The framework of the post-call modal (`/leads qualify`, the Qualify button). */
    default: z.string().default("champ"),
    frameworks: z.record(fieldId, frameworkInner).default({}),
  })
  .strict()
  .transform((c, ctx) => {
    const merged: Record<string, Framework> = {};
    for (const [id, raw] of Object.entries(builtinFrameworks)) {
      merged[id] = { id, ...frameworkInner.parse(raw) };
    }
    for (const [id, framework] of Object.entries(c.frameworks)) merged[id] = { id, ...framework };
    if (!merged[c.default]) {
      ctx.addIssue({
        code: "custom",
        path: ["default"],
        message: `unknown framework "${c.default}" (known: ${Object.keys(merged).join(", ")})`,
      });
      return z.NEVER;
    }
    return { default: c.default, frameworks: merged };
  });
export type QualificationConfig = z.infer<typeof qualificationConfigSchema>;
