import { rescoreLeads } from "../../flows/rescore-leads.ts";
import type { CliCommand } from "../io.ts";
import { parseArgs } from "../io.ts";
import { openCliContext } from "../open.ts";

export const rescoreCommand: CliCommand = {
  summary: "rescore leads scored with other rules (--all: every lead)",
  usage: "leadops rescore [--all] [--batch N]",
  async run(args, io) {
    const { flags } = parseArgs(args);
    const ctx = await openCliContext();
    try {
      const batchSize = typeof flags.batch === "string" ? Number(flags.batch) : 200;
      const { rescored } = await rescoreLeads({
        db: ctx.db,
        ctx,
        all: flags.all === true,
        batchSize: Number.isInteger(batchSize) && batchSize > 0 ? batchSize : 200,
        onBatch: (n) => io.err(`  ${n} leads rescored…`),
      });
      io.out(`Rescored ${rescored} leads with rules ${ctx.rulesHash}.`);
      return 0;
    } finally {
      await ctx.db.close();
    }
  },
};
