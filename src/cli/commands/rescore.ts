import { rescoreLeads } from "../../flows/rescore-leads.ts";
import { resultOf } from "../api-client.ts";
import type { CliCommand, CliIo } from "../io.ts";
import { parseArgs } from "../io.ts";
import { runOnTarget } from "../target.ts";

function rescoreArgs(args: string[]): { all: boolean; batch: number } {
  const { flags } = parseArgs(args);
  const batchSize = typeof flags.batch === "string" ? Number(flags.batch) : 200;
  return { all: flags.all === true, batch: Number.isInteger(batchSize) && batchSize > 0 ? batchSize : 200 };
}

const progress = (io: CliIo) => (n: number) => io.err(`  ${n} leads rescored…`);

function printRescored(rescored: number, rulesHash: string, io: CliIo): number {
  io.out(`Rescored ${rescored} leads with rules ${rulesHash}.`);
  return 0;
}

export const rescoreCommand: CliCommand = {
  summary: "rescore leads scored with other rules (--all: every lead)",
  usage: "leadops rescore [--all] [--batch N] [--url BASE]",
  run: (args, io) =>
    runOnTarget(args, io, {
      async direct(ctx, rest) {
        const { all, batch } = rescoreArgs(rest);
        const { rescored } = await rescoreLeads({
          db: ctx.db,
          ctx,
          all,
          batchSize: batch,
          onBatch: progress(io),
        });
        return printRescored(rescored, ctx.rulesHash, io);
      },
      // The server rescores with its own rules: the hash printed is the one it used.
      async server(api, rest) {
        const res = await api.request("POST", "/api/rescore", { json: rescoreArgs(rest) });
        const { rescored, rulesHash } = await resultOf<{ rescored: number; rulesHash: string }>(
          res,
          (line) => {
            if (typeof line.progress === "number") progress(io)(line.progress);
          },
        );
        return printRescored(rescored, rulesHash, io);
      },
    }),
};
