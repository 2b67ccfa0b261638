// `leadops <command>`: the table of commands. Each command lives in its own file.
import { EnvError } from "../config/env.ts";
import { RulesError } from "../config/rules.ts";
import { DomainError } from "../core/errors.ts";
import { configCheckCommand } from "./commands/config-check.ts";
import { exportCommand } from "./commands/export.ts";
import { forgetCommand } from "./commands/forget.ts";
import { importCommand } from "./commands/import.ts";
import { importInputsCommand } from "./commands/import-inputs.ts";
import { migrateCommand } from "./commands/migrate.ts";
import { outboundReplayCommand } from "./commands/outbound.ts";
import { reportCommand } from "./commands/report.ts";
import { rescoreCommand } from "./commands/rescore.ts";
import { simulateCommand } from "./commands/simulate.ts";
import { type CliCommand, type CliIo, UsageError } from "./io.ts";

export const commands: Record<string, CliCommand> = {
  migrate: migrateCommand,
  "config check": configCheckCommand,
  rescore: rescoreCommand,
  simulate: simulateCommand,
  forget: forgetCommand,
  import: importCommand,
  "import-inputs": importInputsCommand,
  report: reportCommand,
  export: exportCommand,
  "outbound replay": outboundReplayCommand,
};

function help(io: CliIo): void {
  io.out("Usage: leadops <command>\n");
  for (const [name, cmd] of Object.entries(commands)) io.out(`  ${name.padEnd(16)} ${cmd.summary}`);
}

export async function runCli(argv: string[], io: CliIo): Promise<number> {
  const two = argv.slice(0, 2).join(" ");
  const [name, rest] = Object.hasOwn(commands, two) ? [two, argv.slice(2)] : [argv[0] ?? "", argv.slice(1)];
  // Own keys only: `leadops constructor` must not find Object.prototype's.
  const command = Object.hasOwn(commands, name) ? commands[name] : undefined;
  if (!command || name === "help") {
    if (name && name !== "help" && name !== "--help") io.err(`Unknown command: ${name}\n`);
    help(io);
    return name && name !== "help" && name !== "--help" ? 2 : 0;
  }
  try {
    return await command.run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`${err.message}\nUsage: ${command.usage}`);
      return 2;
    }
    if (err instanceof EnvError || err instanceof RulesError || err instanceof DomainError) {
      io.err(err.message);
      return 1;
    }
    io.err(`leadops ${name} failed: ${(err as Error).message}`);
    return 1;
  }
}

const isEntry = process.argv[1] && /(?:leadops(?:\.js)?|cli[\\/]main\.ts)$/.test(process.argv[1]);
if (isEntry) {
  const code = await runCli(process.argv.slice(2), {
    out: (l) => process.stdout.write(`${l}\n`),
    err: (l) => process.stderr.write(`${l}\n`),
  });
  process.exitCode = code;
}
