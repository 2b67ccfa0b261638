import { existsSync, readFileSync } from "node:fs";
import { loadEnv } from "../../config/env.ts";
import { lineOfPath, parseRules, RulesError } from "../../config/rules.ts";
import { checkRules } from "../../core/rules/check-rules.ts";
import { describeRouting } from "../../core/rules/describe-routing.ts";
import type { CliCommand } from "../io.ts";

export const configCheckCommand: CliCommand = {
  summary: "validate leadops.yml (errors with line numbers) and say what it will do",
  usage: "leadops config check [file]",
  async run(args, io) {
    const file = args[0] ?? loadEnv().LEADOPS_CONFIG;
    if (!existsSync(file)) {
      io.out(`${file} does not exist: the built-in default rules apply.`);
      return 0;
    }
    const text = readFileSync(file, "utf8");
    try {
      const rules = parseRules(text, file);
      io.out(
        `${file} is valid: ${rules.reps.length} reps, ${rules.segments.length} segments, ${Object.keys(rules.sources).length} sources configured.`,
      );
      for (const line of describeRouting(rules)) io.out(line);
      // A file whose effect differs from what it says is not accepted: exit 1 with each finding.
      const findings = checkRules(rules);
      for (const f of findings) {
        const line = lineOfPath(text, f.path);
        io.err(`  ${line ? `line ${line}: ` : ""}${f.path.join(".")}: ${f.message}`);
      }
      if (findings.length > 0) {
        io.err(
          `${findings.length} warning${findings.length === 1 ? "" : "s"}: ${file} does not do everything it says.`,
        );
        return 1;
      }
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
