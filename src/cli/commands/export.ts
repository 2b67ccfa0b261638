// `leadops export [period] [--tz ZONE] [--out file.csv]`: the leads created in the period as CSV.

import { once } from "node:events";
import { createWriteStream } from "node:fs";
import type { AppContext } from "../../context.ts";
import { resolvePeriod } from "../../core/reporting/period.ts";
import { streamLeadsCsv } from "../../flows/export-leads.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";
import { foldValueFlags } from "./report.ts";

export async function runExport(ctx: AppContext, args: string[], io: CliIo): Promise<number> {
  const { positional, flags } = parseArgs(foldValueFlags(args, ["tz"]));
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const value = (name: string) => {
    const v = flags[name];
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  };
  const period = resolvePeriod({
    period: positional[0],
    from: value("from"),
    to: value("to"),
    timeZone: value("tz"),
    now: ctx.now(),
  });
  const out = value("out");
  const chunks = streamLeadsCsv({ db: ctx.db, period });
  if (!out) {
    for await (const chunk of chunks) io.out(chunk.replace(/\r\n$/, ""));
    return 0;
  }
  const file = createWriteStream(out);
  let rows = -1; // the header is not a lead
  for await (const chunk of chunks) {
    rows += chunk.split("\r\n").length - 1;
    if (!file.write(chunk)) await once(file, "drain");
  }
  file.end();
  await once(file, "finish");
  io.err(`${rows} leads written to ${out}`);
  return 0;
}

export const exportCommand: CliCommand = {
  summary: "the leads created in a period as CSV",
  usage: "leadops export [today|week|month|quarter|FROM..TO] [--tz ZONE] [--out file.csv]",
  async run(args, io) {
    const ctx = await openCliContext();
    try {
      return await runExport(ctx, args, io);
    } finally {
      await ctx.db.close();
    }
  },
};
