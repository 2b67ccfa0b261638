// What a CLI command is handed: its arguments and where to write. Tests capture the output.
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export interface CliCommand {
  /** One line for `leadops help`. */
  summary: string;
  usage: string;
  /** Returns the exit code. */
  run(args: string[], io: CliIo): Promise<number>;
}

export class UsageError extends Error {}

/** Splits `--flag`, `--key value` / `--key=value` and positional arguments. */
export function parseArgs(args: string[]): { positional: string[]; flags: Record<string, string | true> } {
  const positional: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (!arg.startsWith("--")) {
      positional.push(arg);
      continue;
    }
    const [key, inline] = arg.slice(2).split("=", 2) as [string, string | undefined];
    if (inline !== undefined) flags[key] = inline;
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith("--") && VALUE_FLAGS.has(key))
      flags[key] = args[++i]!;
    else flags[key] = true;
  }
  return { positional, flags };
}

// Flags that take a value when written as `--flag value`.
const VALUE_FLAGS = new Set([
  "map",
  "from",
  "to",
  "by",
  "format",
  "out",
  "period",
  "batch",
  "source",
  "file",
]);
