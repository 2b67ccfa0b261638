// Spend and visitors per source and period (POST /api/inputs, `leadops import-inputs`), the
// inputs of cost per lead, cost per sale and opt-in rate. Upserted by (source, periodStart,
// periodEnd): sending the same figures twice changes nothing, and a field left out keeps its
// stored value (a visitors-only file does not erase spend).
import { z } from "zod";
import { ValidationError } from "../core/errors.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { audit } from "../store/audit/audit.ts";
import type { Database } from "../store/db.ts";

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
  periodStart: string;
  periodEnd: string;
  spend: number | null;
  currency: string | null;
  visitors: number | null;
}

export interface UpsertSourceInputsOptions {
  db: Pick<Database, "prisma" | "modelTransaction">;
  inputs: SourceInputData[];
  /** `api`, `cli` or a Slack user id, for the audit log. */
  actor: string;
}

export interface UpsertSourceInputsResult {
  created: number;
  updated: number;
  unchanged: number;
  inputs: SourceInputView[];
}

const day = (v: string) => new Date(`${v}T00:00:00Z`);

export async function upsertSourceInputs({
  db,
  inputs,
  actor,
}: UpsertSourceInputsOptions): Promise<UpsertSourceInputsResult> {
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const key = `${input.source}\u0000${input.periodStart}\u0000${input.periodEnd}`;
    if (seen.has(key)) {
      throw new ValidationError("The same source and period appear twice", [
        { field: `${i}.source`, message: "duplicate of an earlier row with the same source and period" },
      ]);
    }
    seen.add(key);
  });

  return db.modelTransaction(async (tx) => {
    const result: UpsertSourceInputsResult = { created: 0, updated: 0, unchanged: 0, inputs: [] };
    for (const input of inputs) {
      const where = {
        source_periodStart_periodEnd: {
          source: input.source,
          periodStart: day(input.periodStart),
          periodEnd: day(input.periodEnd),
        },
      };
      const existing = await tx.prisma.sourceInput.findUnique({ where });
      const fields = {
        ...(input.spend !== undefined
          ? { spend: input.spend === null ? null : new Prisma.Decimal(input.spend.toFixed(2)) }
          : {}),
        ...(input.currency !== undefined ? { currency: input.currency } : {}),
        ...(input.visitors !== undefined ? { visitors: input.visitors } : {}),
      };
      let row: NonNullable<typeof existing>;
      if (!existing) {
        row = await tx.prisma.sourceInput.create({
          data: { ...where.source_periodStart_periodEnd, ...fields },
        });
        result.created++;
      } else if (sameFields(existing, fields)) {
        row = existing;
        result.unchanged++;
      } else {
        row = await tx.prisma.sourceInput.update({ where, data: fields });
        result.updated++;
      }
      const view = toView(row);
      if (row !== existing) {
        await audit(tx, {
          actor,
          action: existing ? "source_input.updated" : "source_input.created",
          entity: "source_input",
          entityId: row.id,
          data: { ...view },
        });
      }
      result.inputs.push(view);
    }
    return result;
  });
}

function sameFields(
  existing: { spend: Prisma.Decimal | null; currency: string | null; visitors: number | null },
  fields: { spend?: Prisma.Decimal | null; currency?: string | null; visitors?: number | null },
): boolean {
  if ("spend" in fields) {
    const a = existing.spend?.toFixed(2) ?? null;
    const b = fields.spend?.toFixed(2) ?? null;
    if (a !== b) return false;
  }
  if ("currency" in fields && fields.currency !== existing.currency) return false;
  if ("visitors" in fields && fields.visitors !== existing.visitors) return false;
  return true;
}

function toView(row: {
  source: string;
  periodStart: Date;
  periodEnd: Date;
  spend: Prisma.Decimal | null;
  currency: string | null;
  visitors: number | null;
}): SourceInputView {
  return {
    source: row.source,
    periodStart: row.periodStart.toISOString().slice(0, 10),
    periodEnd: row.periodEnd.toISOString().slice(0, 10),
    spend: row.spend === null ? null : Number(row.spend.toFixed(2)),
    currency: row.currency,
    visitors: row.visitors,
  };
}
