// Where a command's data is reached (docs/decisions/0016). PGlite is one process: while a server
// holds the embedded database's folder, a command that opened it too would corrupt it, so the
// command goes through that server's HTTP API instead (`http://127.0.0.1:$PORT`, or `--url`). With
// DATABASE_URL every process may connect, and the command opens the database itself unless it is
// given `--url`.

import { loadEnv } from "../config/env.ts";
import type { AppContext } from "../context.ts";
import { dataDirHolder } from "../store/data-dir.ts";
import { ApiClient } from "./api-client.ts";
import { type CliIo, UsageError } from "./io.ts";
import { openCliContext } from "./open.ts";

export type Target = { kind: "direct" } | { kind: "server"; api: ApiClient };

/** Takes `--url <base>` or `--url=<base>` out of the arguments. */
export function takeUrl(args: string[]): { url: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let url: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--url") {
      url = args[++i];
      if (url === undefined || url.startsWith("--")) throw new UsageError("--url needs the server's address");
    } else if (arg.startsWith("--url=")) url = arg.slice(6);
    else rest.push(arg);
  }
  if (url !== undefined && !/^https?:\/\/[^/\s]+/.test(url)) {
    throw new UsageError(
      `--url must be the server's http(s) address, such as http://127.0.0.1:3000 (got ${url})`,
    );
  }
  return { url, rest };
}

export function chooseTarget(url: string | undefined): Target {
  const env = loadEnv();
  if (url !== undefined) return { kind: "server", api: new ApiClient(url, env.LEADOPS_API_TOKEN, null) };
  if (env.DATABASE_URL) return { kind: "direct" };
  const pid = dataDirHolder(env.LEADOPS_DATA_DIR);
  if (pid === null) return { kind: "direct" };
  const holder = { dir: env.LEADOPS_DATA_DIR, pid };
  return {
    kind: "server",
    api: new ApiClient(`http://127.0.0.1:${env.PORT}`, env.LEADOPS_API_TOKEN, holder),
  };
}

export interface TargetRuns {
  /** The command on the database, opened (and closed) here. */
  direct(ctx: AppContext, args: string[], io: CliIo): Promise<number>;
  /** The same command through the running server's API. */
  server(api: ApiClient, args: string[], io: CliIo): Promise<number>;
}

/** Runs a command where its data is: `--url` is taken from the arguments here. */
export async function runOnTarget(args: string[], io: CliIo, runs: TargetRuns): Promise<number> {
  const { url, rest } = takeUrl(args);
  const target = chooseTarget(url);
  if (target.kind === "server") return runs.server(target.api, rest, io);
  const ctx = await openCliContext();
  try {
    return await runs.direct(ctx, rest, io);
  } finally {
    await ctx.db.close();
  }
}
