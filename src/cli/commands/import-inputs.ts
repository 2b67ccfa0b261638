// `leadops import-inputs file.csv`: spend and visitors per source and period, columns
// source, period_start, period_end, spend, currency, visitors (and optionally lead_magnet or
// campaign). Every row is checked before anything is written; running the same file again
// changes nothing.
import { existsSync, readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import type { ZodError } from "zod";
import type { AppContext } from "../../context.ts";
import {
  type SourceInputData,
  sourceInputSchema,
  type UpsertSourceInputsResult,
  upsertSourceInputs,
} from "../../flows/upsert-source-inputs.ts";
import type { ApiClient } from "../api-client.ts";
import { type CliCommand, type CliIo, UsageError } from "../io.ts";
import { runOnTarget } from "../target.ts";

const COLUMNS: Record<string, keyof SourceInputData> = {
  source: "source",
  lead_magnet: "leadMagnet",
  campaign: "campaign",
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

/** The file's rows, each checked; the exit code instead when the file cannot be imported. */
function readInputs(args: string[], io: CliIo): { raw: Record<string, unknown>[]; count: number } | number {
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

  const raw = records.map(toInput);
  const problems: string[] = [];
  raw.forEach((input, i) => {
    const line = i + 2; // line 1 is the header
    const result = sourceInputSchema.safeParse(input);
    if (!result.success) problems.push(...issues(result.error).map((p) => `${file}:${line}: ${p}`));
  });
  if (problems.length > 0) {
    for (const p of problems) io.err(p);
    io.err(`Nothing imported: ${problems.length} problem(s).`);
    return 1;
  }
  return { raw, count: raw.length };
}

function printResult(count: number, result: UpsertSourceInputsResult, io: CliIo): number {
  io.out(
    `${count} rows: ${result.created} created, ${result.updated} updated, ${result.unchanged} unchanged.`,
  );
  return 0;
}

export async function runImportInputs(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const read = readInputs(args, io);
  if (typeof read === "number") return read;
  const inputs = read.raw.map((input) => sourceInputSchema.parse(input));
  return printResult(
    read.count,
    await upsertSourceInputs({ db: ctx.db, inputs, actor: "cli", now: ctx.now() }),
    io,
  );
}

/** POST /api/inputs takes up to this many rows per request. */
const API_INPUTS_PER_REQUEST = 1000;

/** The same rows sent to the running server (POST /api/inputs), which checks them again. */
export async function runImportInputsOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  const read = readInputs(args, io);
  if (typeof read === "number") return read;
  const total: UpsertSourceInputsResult = { created: 0, updated: 0, unchanged: 0, inputs: [] };
  // A file over the request's limit goes in parts; running the same file again changes nothing,
  // so a part that fails can be retried by running the whole file again.
  for (let i = 0; i < read.raw.length; i += API_INPUTS_PER_REQUEST) {
    const part = read.raw.slice(i, i + API_INPUTS_PER_REQUEST);
    const result = await api.json<UpsertSourceInputsResult>("POST", "/api/inputs", part);
    total.created += result.created;
    total.updated += result.updated;
    total.unchanged += result.unchanged;
  }
  return printResult(read.count, total, io);
}

function issues(err: ZodError): string[] {
  const column = (field: string) => Object.entries(COLUMNS).find(([, f]) => f === field)?.[0] ?? field;
  return err.issues.map((i) => `${i.path.length ? `${column(String(i.path[0]))}: ` : ""}${i.message}`);
}

export const importInputsCommand: CliCommand = {
  summary: "import spend and visitors per source and period from CSV",
  usage:
    "leadops import-inputs file.csv [--url BASE]   (columns: source, period_start, period_end, spend, currency, visitors; optional lead_magnet or campaign)",
  run: (args, io) => runOnTarget(args, io, { direct: runImportInputs, server: runImportInputsOverApi }),
};
