// `leadops outbound replay`: sent, dead-lettered and skipped outbound events from a time on are
// queued again, with their ids, for the delivery worker (docs/decisions/0012).
import type { AppContext } from "../context.ts";
import { ValidationError } from "../core/errors.ts";
import { replayDeliveries } from "../store/outbound/replay-deliveries.ts";

export async function replayOutbound(opts: {
  ctx: Pick<AppContext, "db" | "now" | "rules">;
  since: Date;
  subscription?: string | undefined;
}): Promise<{ queued: number }> {
  const { ctx, since, subscription } = opts;
  if (subscription && !ctx.rules.outbound.webhooks.some((w) => w.name === subscription))
    throw new ValidationError(`No outbound webhook is named ${subscription}`, [
      { field: "webhook", message: "not in outbound.webhooks" },
    ]);
  const queued = await ctx.db.transaction((tx) =>
    replayDeliveries(tx, { since, now: ctx.now(), subscription }),
  );
  return { queued };
}
