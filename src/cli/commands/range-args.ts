// The arguments of the reports that take only a period (`report calibration`, `report email`):
// `[period] [--from D --to D] [--tz ZONE] [--format text|json]`, checked the same way whether the
// report is built here or by the running server.
import { type Period, resolvePeriod } from "../../core/reporting/period.ts";
import { parseArgs, UsageError } from "../io.ts";

export interface RangeArgs {
  period: string | undefined;
  from: string | undefined;
  to: string | undefined;
  tz: string | undefined;
  format: "text" | "json";
}

function value(flags: Record<string, string | true>, name: string): string | undefined {
  const v = flags[name];
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

export function parseRangeArgs(
  args: string[],
  now: Date,
  defaultPeriod: string | undefined,
  what: string,
): RangeArgs {
  // `--tz Europe/Paris` is folded into `--tz=…` (parseArgs knows no `tz` value flag).
  const folded = args.flatMap((arg, i) => (args[i - 1] === "--tz" && !arg.startsWith("--") ? [] : [arg]));
  const { positional, flags } = parseArgs(
    folded.map((arg) => (arg === "--tz" ? `--tz=${args[args.indexOf("--tz") + 1] ?? ""}` : arg)),
  );
  if (positional.length > 1) throw new UsageError(`Unexpected argument: ${positional[1]}`);
  const format = value(flags, "format") ?? "text";
  if (format !== "text" && format !== "json")
    throw new UsageError(`--format must be text or json for ${what}`);
  const a: RangeArgs = {
    period: positional[0],
    from: value(flags, "from"),
    to: value(flags, "to"),
    tz: value(flags, "tz"),
    format,
  };
  rangePeriod(a, now, defaultPeriod);
  return a;
}

export function rangePeriod(a: RangeArgs, now: Date, defaultPeriod: string | undefined): Period {
  const noRange = a.from === undefined && a.to === undefined;
  return resolvePeriod({
    period: a.period ?? (noRange ? defaultPeriod : undefined),
    from: a.from,
    to: a.to,
    timeZone: a.tz,
    now,
  });
}

export function rangeQuery(a: RangeArgs): URLSearchParams {
  const query = new URLSearchParams();
  for (const key of ["period", "from", "to", "tz"] as const) {
    const v = a[key];
    if (v !== undefined) query.set(key, v);
  }
  return query;
}
