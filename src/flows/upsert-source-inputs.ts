// Spend and visitors per source and period, optionally for one lead magnet or campaign of it
// (POST /api/inputs, `leadops import-inputs`), the inputs of cost per lead, cost per sale and
// opt-in rate. Upserted by (source, leadMagnet, campaign, periodStart, periodEnd): sending the
// same figures twice changes nothing, and a field left out keeps its stored value (a
// visitors-only file does not erase spend).
import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { audit } from "../store/audit/audit.ts";
import type { Database } from "../store/db.ts";
import {
  readSourceInput,
  type SourceInputFields,
  type SourceInputKey,
  type SourceInputRow,
  upsertSourceInput,
} from "../store/source-inputs/source-input-rows.ts";

const isoDay = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date such as 2025-01-31")
  .refine((v) => {
    const d = new Date(`${v}T00:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v);
  }, "is not a real calendar date");

export const sourceInputSchema = z
  .object({
    source: z.string().trim().min(1, "must not be empty").max(200),
    /** Figures for one lead magnet of the source (its opt-in rate in the report by leadMagnet). */
    leadMagnet: z.string().trim().min(1, "must not be empty when given").max(200).optional(),
    /** Figures for one campaign of the source (the report by campaign). */
    campaign: z.string().trim().min(1, "must not be empty when given").max(200).optional(),
    /** First day the figures cover. */
    periodStart: isoDay,
    /** Last day the figures cover (included): January is 2025-01-01 … 2025-01-31. */
    periodEnd: isoDay,
    spend: z.number().finite().nonnegative().max(1e12).nullable().optional(),
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "must be a 3-letter currency code such as USD")
      .transform((v) => v.toUpperCase())
      .nullable()
      .optional(),
    visitors: z.number().int("must be a whole number").nonnegative().max(2_000_000_000).nullable().optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.periodEnd < v.periodStart) {
      ctx.addIssue({ code: "custom", path: ["periodEnd"], message: "must not be before periodStart" });
    }
    if (v.leadMagnet !== undefined && v.campaign !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["campaign"],
        message: "give leadMagnet or campaign, not both: each report grouping reads its own inputs",
      });
    }
    if (v.spend === undefined && v.visitors === undefined) {
      ctx.addIssue({ code: "custom", path: ["spend"], message: "give spend, visitors or both" });
    }
  });

const sourceInputListSchema = z.array(sourceInputSchema).min(1).max(1000, "at most 1000 inputs per request");

/**
 * One input or a list of them. The schema is picked by shape rather than with z.union, whose
 * error would be one "invalid input" with no field instead of a detail per bad field.
 */
export function parseSourceInputs(body: unknown): SourceInputData[] {
  return Array.isArray(body) ? sourceInputListSchema.parse(body) : [sourceInputSchema.parse(body)];
}

export type SourceInputData = z.infer<typeof sourceInputSchema>;

export interface SourceInputView {
  source: string;
  /** Only on inputs given for one lead magnet or campaign. */
  leadMagnet?: string;
  campaign?: string;
  periodStart: string;
  periodEnd: string;
  spend: number | null;
  currency: string | null;
  visitors: number | null;
}

export interface UpsertSourceInputsOptions {
  db: Pick<Database, "transaction">;
  inputs: SourceInputData[];
  /** `api`, `cli` or a Slack user id, for the audit log. */
  actor: string;
  now: Date;
}

export interface UpsertSourceInputsResult {
  created: number;
  updated: number;
  unchanged: number;
  inputs: SourceInputView[];
}

export async function upsertSourceInputs({
  db,
  inputs,
  actor,
  now,
}: UpsertSourceInputsOptions): Promise<UpsertSourceInputsResult> {
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const k = keyOf(input);
    const key = [k.source, k.leadMagnet, k.campaign, k.periodStart, k.periodEnd].join("\u0000");
    if (seen.has(key)) {
      throw new ValidationError("The same source and period appear twice", [
        {
          field: `${i}.source`,
          message: "duplicate of an earlier row with the same source, lead magnet, campaign and period",
        },
      ]);
    }
    seen.add(key);
  });

  return db.transaction(async (tx) => {
    const result: UpsertSourceInputsResult = { created: 0, updated: 0, unchanged: 0, inputs: [] };
    for (const input of inputs) {
      const fields: SourceInputFields = {
        ...(input.spend !== undefined ? { spend: input.spend === null ? null : input.spend.toFixed(2) } : {}),
        ...(input.currency !== undefined ? { currency: input.currency } : {}),
        ...(input.visitors !== undefined ? { visitors: input.visitors } : {}),
      };
      const existing = await readSourceInput(tx, keyOf(input));
      if (existing && sameFields(existing, fields)) {
        result.unchanged++;
        result.inputs.push(toView(existing));
        continue;
      }
      const row = await upsertSourceInput(tx, keyOf(input), fields, now);
      if (existing) result.updated++;
      else result.created++;
      const view = toView(row);
      await audit(tx, {
        actor,
        action: existing ? "source_input.updated" : "source_input.created",
        entity: "source_input",
        entityId: row.id,
        data: { ...view },
      });
      result.inputs.push(view);
    }
    return result;
  });
}

const money = (v: string | null | undefined) => (v == null ? null : Number(v).toFixed(2));

function sameFields(existing: SourceInputRow, fields: SourceInputFields): boolean {
  if ("spend" in fields && money(existing.spend) !== money(fields.spend)) return false;
  if ("currency" in fields && fields.currency !== existing.currency) return false;
  if ("visitors" in fields && fields.visitors !== existing.visitors) return false;
  return true;
}

/** The stored key: "" stands for "no lead magnet" and "no campaign". */
function keyOf(input: SourceInputData): SourceInputKey {
  return {
    source: input.source,
    leadMagnet: input.leadMagnet ?? "",
    campaign: input.campaign ?? "",
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
  };
}

function toView(row: SourceInputRow): SourceInputView {
  return {
    source: row.source,
    ...(row.leadMagnet ? { leadMagnet: row.leadMagnet } : {}),
    ...(row.campaign ? { campaign: row.campaign } : {}),
    periodStart: row.periodStart,
    periodEnd: row.periodEnd,
    spend: row.spend === null ? null : Number(row.spend),
    currency: row.currency,
    visitors: row.visitors,
  };
}
