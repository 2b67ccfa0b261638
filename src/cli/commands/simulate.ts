import { readFileSync } from "node:fs";
import { loadEnv } from "../../config/env.ts";
import { loadRules } from "../../config/rules.ts";
import { simulateLead } from "../../core/leads/simulate-lead.ts";
import { type CliCommand, parseArgs, UsageError } from "../io.ts";

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new UsageError(`cannot read ${file}: ${(err as Error).message}`);
  }
}

export const simulateCommand: CliCommand = {
  summary: "score, segment and route a lead without saving it, with the full receipt",
  usage: "leadops simulate <lead.json> [events.json] [--json]",
  async run(args, io) {
    const { positional, flags } = parseArgs(args);
    const [leadFile, eventsFile] = positional;
    if (!leadFile) throw new UsageError("a lead JSON file is required");
    const { rules } = loadRules(loadEnv().LEADOPS_CONFIG);
    const result = simulateLead({
      rules,
      lead: readJson(leadFile),
      events: eventsFile ? readJson(eventsFile) : [],
      now: new Date(),
    });
    io.out(flags.json === true ? JSON.stringify(result, null, 2) : result.explanation);
    return 0;
  },
};
