// `leadops export [period] [--tz ZONE] [--out file.csv]`: the leads created in the period as CSV,
// from the database or, while a server holds it, streamed from GET /api/export.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { AppContext } from "../../context.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { streamLeadsCsv } from "../../flows/export-leads.ts";
import { type ApiClient, textOf } from "../api-client.ts";
import { csvRows } from "../csv-rows.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { runOnTarget } from "../target.ts";
import { foldValueFlags } from "./report.ts";

interface ExportArgs {
  period: string | undefined;
  from: string | undefined;
  to: string | undefined;
  tz: string | undefined;
  out: string | undefined;
}

function parseExportArgs(args: string[], now: Date): ExportArgs {
  const { positional, flags } = parseArgs(foldValueFlags(args, ["tz"]));
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const value = (name: string) => {
    const v = flags[name];
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  };
  const a = {
    period: positional[0],
    from: value("from"),
    to: value("to"),
    tz: value("tz"),
    out: value("out"),
  };
  resolvePeriod({ period: a.period, from: a.from, to: a.to, timeZone: a.tz, now });
  return a;
}

/** Writes the CSV to `out` (the count on stderr) or, row by row, to stdout. */
async function writeCsv(chunks: AsyncIterable<string>, out: string | undefined, io: CliIo): Promise<number> {
  if (!out) {
    for await (const rows of csvRows(chunks)) for (const row of rows) io.out(row);
    return 0;
  }
  const file = createWriteStream(out);
  let count = -1; // the header is not a lead
  for await (const rows of csvRows(chunks)) {
    count += rows.length;
    if (rows.length > 0 && !file.write(`${rows.join("\r\n")}\r\n`)) await once(file, "drain");
  }
  file.end();
  await once(file, "finish");
  io.err(`${count} leads written to ${out}`);
  return 0;
}

export async function runExport(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const a = parseExportArgs(args, ctx.now());
  const period = resolvePeriod({ period: a.period, from: a.from, to: a.to, timeZone: a.tz, now: ctx.now() });
  return writeCsv(streamLeadsCsv({ db: ctx.db, period }), a.out, io);
}

export async function runExportOverApi(api: ApiClient, args: string[], io: CliIo): Promise<number> {
  const a = parseExportArgs(args, new Date());
  const query = new URLSearchParams();
  for (const key of ["period", "from", "to", "tz"] as const) {
    const value = a[key];
    if (value !== undefined) query.set(key, value);
  }
  return writeCsv(textOf(await api.request("GET", `/api/export?${query}`)), a.out, io);
}

export const exportCommand: CliCommand = {
  summary: "the leads created in a period as CSV",
  usage: "leadops export [today|week|month|quarter|FROM..TO] [--tz ZONE] [--out file.csv] [--url BASE]",
  run: (args, io) => runOnTarget(args, io, { direct: runExport, server: runExportOverApi }),
};
