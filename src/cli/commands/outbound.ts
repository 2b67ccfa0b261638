// `leadops outbound replay --since <ISO time> [--webhook <name>]`: queue outbound events again.
import type { AppContext } from "../../context.ts";
import { replayOutbound } from "../../flows/replay-outbound.ts";
import { type CliCommand, type CliIo, parseArgs, UsageError } from "../io.ts";
import { openCliContext } from "../open.ts";
import { foldValueFlags } from "./report.ts";

export const outboundReplayCommand: CliCommand = {
  summary: "send outbound webhook events again, from a time on (same event ids)",
  usage: "leadops outbound replay --since <ISO time> [--webhook <name>]",
  async run(args, io) {
    const input = parseReplayArgs(args);
    const ctx = await openCliContext();
    try {
      return await runReplay(io, { ctx, ...input });
    } finally {
      await ctx.db.close();
    }
  },
};

export function parseReplayArgs(args: string[]): { since: Date; webhook?: string } {
  const { positional, flags } = parseArgs(foldValueFlags(args, ["since", "webhook"]));
  if (positional.length > 0) throw new UsageError(`unexpected argument ${positional[0]}`);
  const since = flags.since;
  if (typeof since !== "string") throw new UsageError("--since <ISO time> is required");
  // A date without a zone would be read in the machine's zone: ask for one.
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(since) || Number.isNaN(Date.parse(since)))
    throw new UsageError("--since must be an ISO date or time with a zone, such as 2026-12-07T09:00:00Z");
  const webhook = flags.webhook;
  if (webhook === true) throw new UsageError("--webhook needs a name");
  return { since: new Date(since), ...(webhook ? { webhook } : {}) };
}

export async function runReplay(
  io: CliIo,
  opts: { ctx: Pick<AppContext, "db" | "now" | "rules">; since: Date; webhook?: string | undefined },
): Promise<number> {
  const { queued } = await replayOutbound({ ctx: opts.ctx, since: opts.since, subscription: opts.webhook });
  io.out(
    `Queued ${queued} outbound event${queued === 1 ? "" : "s"} from ${opts.since.toISOString()} again; the running app sends them.`,
  );
  return 0;
}
