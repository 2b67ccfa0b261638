// `leadops import leads.csv`: leads from a CSV file (intake/import-leads-csv.ts reads, maps,
// checks and captures it). While a server holds the database the file is streamed to its
// POST /api/import, which runs the same code; the output is the same either way.
import { createReadStream, existsSync } from "node:fs";
import { Readable } from "node:stream";
import {
  type ColumnTarget,
  CsvMappingError,
  type ImportOptions,
  type ImportSummary,
  importLeads,
  parseMap as parseMapSpec,
  type RowError,
} from "../../intake/import-leads-csv.ts";
import { type ApiClient, resultOf, StreamedFailure } from "../api-client.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { runOnTarget } from "../target.ts";

/** `--map "Column=field,…"`; a bad entry is a usage error. */
export function parseMap(spec: string): Map<string, ColumnTarget> {
  try {
    return parseMapSpec(spec);
  } catch (err) {
    throw err instanceof CsvMappingError ? new UsageError(err.message) : err;
  }
}

interface ImportArgs {
  file: string;
  map: string | undefined;
  dryRun: boolean;
  batchSize: number;
  source: string;
}

function parseImportArgs(args: string[]): ImportArgs {
  const { positional, flags } = parseArgs(args);
  const file = positional[0];
  if (!file) throw new UsageError("The CSV file is required");
  if (!existsSync(file)) throw new UsageError(`${file} does not exist`);
  const map = typeof flags.map === "string" ? flags.map : undefined;
  if (map !== undefined) parseMap(map);
  const batchSize = typeof flags.batch === "string" ? Number(flags.batch) : 500;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10_000) {
    throw new UsageError("--batch must be a whole number from 1 to 10000");
  }
  const source = typeof flags.source === "string" ? flags.source : "import";
  return { file, map, dryRun: flags["dry-run"] === true, batchSize, source };
}

/** Errors printed before the rest are only counted (the summary always has the total). */
const MAX_PRINTED_ERRORS = 200;

/**
 * Prints each row's problem as `run` reports it, then the summary; exit code 1 when rows were
 * invalid. A file with no email column is a usage error, wherever the file was read.
 */
async function printImport(
  io: CliIo,
  dryRun: boolean,
  run: (onError: (e: RowError) => void) => Promise<ImportSummary>,
): Promise<number> {
  let printed = 0;
  let summary: ImportSummary;
  try {
    summary = await run((e) => {
      if (printed++ < MAX_PRINTED_ERRORS) {
        io.err(
          `row ${e.row}, ${e.field}${e.column && e.column !== e.field ? ` ("${e.column}")` : ""}: ${e.problem}`,
        );
      }
    });
  } catch (err) {
    const mapping =
      err instanceof CsvMappingError || (err instanceof StreamedFailure && err.kind === "CsvMappingError");
    throw mapping ? new UsageError((err as Error).message) : err;
  }
  if (printed > MAX_PRINTED_ERRORS) io.err(`… and ${printed - MAX_PRINTED_ERRORS} more problems`);
  const [created, updated] = dryRun ? ["to create", "to update"] : ["created", "updated"];
  io.out(
    `${summary.rows} rows: ${summary.created} ${created}, ${summary.updated} ${updated}, ${summary.unchanged} unchanged, ${summary.invalid} invalid${dryRun ? " (dry run: nothing was stored)" : ""}`,
  );
  return summary.errors > 0 ? 1 : 0;
}

/** Runs an import on the database and prints the error report and the summary. */
export async function runImport(io: CliIo, options: ImportOptions): Promise<number> {
  return printImport(io, options.dryRun ?? false, (onError) => importLeads({ ...options, onError }));
}

/** The same import by the running server: the file is streamed to POST /api/import. */
export async function runImportOverApi(api: ApiClient, a: ImportArgs, io: CliIo): Promise<number> {
  // A refused token or a server that is down is told before the upload, not after it.
  await api.check();
  const query = new URLSearchParams({ batch: String(a.batchSize), source: a.source });
  if (a.map !== undefined) query.set("map", a.map);
  if (a.dryRun) query.set("dryRun", "true");
  return printImport(io, a.dryRun, async (onError) => {
    const csv = Readable.toWeb(createReadStream(a.file)) as ReadableStream<Uint8Array>;
    const res = await api.request("POST", `/api/import?${query}`, { csv });
    return resultOf<ImportSummary>(res, (line) => {
      if (line.error) onError(line.error as RowError);
    });
  });
}

export const importCommand: CliCommand = {
  summary: "import leads from a CSV file (--map, --dry-run)",
  usage:
    'leadops import <file.csv> [--map "Column=field,…"] [--dry-run] [--batch 500] [--source import] [--url BASE]',
  run: (args, io) =>
    runOnTarget(args, io, {
      direct: (ctx, rest) => {
        const a = parseImportArgs(rest);
        const map = a.map === undefined ? undefined : parseMap(a.map);
        return runImport(io, {
          ctx,
          file: a.file,
          map,
          dryRun: a.dryRun,
          batchSize: a.batchSize,
          source: a.source,
        });
      },
      server: (api, rest) => runImportOverApi(api, parseImportArgs(rest), io),
    }),
};
