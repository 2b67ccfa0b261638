import { readFileSync } from "node:fs";
import { loadEnv } from "../../config/env.ts";
import { loadRules } from "../../config/rules.ts";
import type { AppContext } from "../../context.ts";
import { type Simulation, simulateLead } from "../../core/leads/simulate-lead.ts";
import { simulateLiveLead } from "../../flows/simulate-live-lead.ts";
import { parseSimulatedLead } from "../../intake/simulated-lead.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

type LiveContext = Pick<AppContext, "db" | "rules" | "now">;

/** `open` gives the database context for `--live` (the CLI's own; a test's app). */
export async function runSimulate(
  args: string[],
  io: CliIo,
  open: () => Promise<{ ctx: LiveContext; close(): Promise<void> }>,
): Promise<number> {
  const { positional, flags } = parseArgs(args);
  const [leadFile, eventsFile] = positional;
  if (!leadFile) throw new UsageError("a lead JSON file is required");
  const lead = parseSimulatedLead(readJson(leadFile));
  const events = eventsFile ? readJson(eventsFile) : [];
  let result: Simulation;
  if (flags.live === true) {
    // The database's reps, capacity and rotation, read in a transaction that is rolled back.
    const { ctx, close } = await open();
    try {
      result = await simulateLiveLead({ ctx, lead, events });
    } finally {
      await close();
    }
  } else {
    const { rules } = loadRules(loadEnv().LEADOPS_CONFIG);
    result = simulateLead({ rules, lead, events, now: new Date() });
  }
  io.out(flags.json === true ? JSON.stringify(result, null, 2) : result.explanation);
  return 0;
}

export const simulateCommand: CliCommand = {
  summary: "score, segment and route a lead without saving it, with the full receipt",
  usage: "leadops simulate <lead.json> [events.json] [--live] [--json]",
  run: (args, io) =>
    runSimulate(args, io, async () => {
      const ctx = await openCliContext();
      return { ctx, close: () => ctx.db.close() };
    }),
};
