// Signed deliveries are remembered only while a replay could still pass the signature check.
import type { AppContext } from "../context.ts";
import { REPLAY_WINDOW_SECONDS } from "../intake/signatures.ts";
import { purgeDeliveries } from "../store/intake/signed-deliveries.ts";

/** A signature is accepted up to the window either side of its timestamp: keep twice that. */
export const DELIVERY_MEMORY_MS = 2 * REPLAY_WINDOW_SECONDS * 1000 + 60_000;

export async function run(ctx: AppContext, now: Date): Promise<{ purged: number }> {
  const purged = await ctx.db.transaction((tx) =>
    purgeDeliveries(tx, new Date(now.getTime() - DELIVERY_MEMORY_MS)),
  );
  return { purged };
}
