// `leadops import-inputs file.csv`: spend and visitors per source and period, columns
// source, period_start, period_end, spend, currency, visitors. Every row is checked before
// anything is written; running the same file again changes nothing.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { ZodError } from "zod";
import type { AppContext } from "../../context.ts";
import {
  type SourceInputData,
  sourceInputSchema,
  upsertSourceInputs,
} from "../../flows/upsert-source-inputs.ts";
import { type CliCommand, type CliIo, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";

const COLUMNS: Record<string, keyof SourceInputData> = {
  source: "source",
  period_start: "periodStart",
  period_end: "periodEnd",
  spend: "spend",
  currency: "currency",
  visitors: "visitors",
};

const NUMERIC = new Set(["spend", "visitors"]);

function toInput(record: Record<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(record)) {
    const field = COLUMNS[column.trim().toLowerCase()];
    const value = raw.trim();
    // An empty cell leaves the stored value alone (a spend-only file keeps visitors).
    if (!field || value === "") continue;
    // Numbers keep their text when they are not numbers, so the error names the cell.
    input[field] = NUMERIC.has(field) && /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
  }
  return input;
}

export async function runImportInputs(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const file = args[0];
  if (!file || args.length > 1) throw new UsageError("Give exactly one CSV file");
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const records = parse(readFileSync(file), {
    columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
    bom: true,
    skip_empty_lines: true,
    trim: true,
  }) as Record<string, string>[];
  const header = records[0] ? Object.keys(records[0]) : [];
  for (const required of ["source", "period_start", "period_end"]) {
    if (records.length > 0 && !header.includes(required)) {
      io.err(`${file}: missing column ${required} (columns: ${Object.keys(COLUMNS).join(", ")})`);
      return 1;
    }
  }

  const inputs: SourceInputData[] = [];
  const problems: string[] = [];
  records.forEach((record, i) => {
    const line = i + 2; // line 1 is the header
    const result = sourceInputSchema.safeParse(toInput(record));
    if (result.success) inputs.push(result.data);
    else problems.push(...issues(result.error).map((p) => `${file}:${line}: ${p}`));
  });
  if (problems.length > 0) {
    for (const p of problems) io.err(p);
    io.err(`Nothing imported: ${problems.length} problem(s).`);
    return 1;
  }
  const result = await upsertSourceInputs({ db: ctx.db, inputs, actor: "cli", now: ctx.now() });
  io.out(
    `${inputs.length} rows: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`,
  );
  return 0;
}

function issues(err: ZodError): string[] {
  const column = (field: string) => Object.entries(COLUMNS).find(([, f]) => f === field)?.[0] ?? field;
  return err.issues.map((i) => `${i.path.length ? `${column(String(i.path[0]))}: ` : ""}${i.message}`);
}

export const importInputsCommand: CliCommand = {
  summary: "import spend and visitors per source and period from CSV",
  usage:
    "leadops import-inputs file.csv   (columns: source, period_start, period_end, spend, currency, visitors)",
  async run(args, io) {
    const ctx = await openCliContext();
    try {
      return await runImportInputs(ctx, args, io);
    } finally {
      await ctx.db.close();
    }
  },
};
