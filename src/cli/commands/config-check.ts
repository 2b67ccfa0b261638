import { existsSync, readFileSync } from "node:fs";
import { loadEnv } from "../../config/env.ts";
import { parseRules, RulesError } from "../../config/rules.ts";
import type { CliCommand } from "../io.ts";

export const configCheckCommand: CliCommand = {
  summary: "validate leadops.yml (errors with line numbers)",
  usage: "leadops config check [file]",
  async run(args, io) {
    const file = args[0] ?? loadEnv().LEADOPS_CONFIG;
    if (!existsSync(file)) {
      io.out(`${file} does not exist: the built-in default rules apply.`);
      return 0;
    }
    try {
      const rules = parseRules(readFileSync(file, "utf8"), file);
      io.out(
        `${file} is valid: ${rules.reps.length} reps, ${rules.segments.length} segments, ${Object.keys(rules.sources).length} sources configured.`,
      );
      return 0;
    } catch (err) {
      if (err instanceof RulesError) {
        io.err(err.message);
        return 1;
      }
      throw err;
    }
  },
};
