// The outbound worker started at boot: a pass at least every `intervalMs`, and again at once while
// a pass found work. It runs beside intake and never inside a request (docs/decisions/0012).
import type { AppContext } from "../context.ts";
import { analyzeDeliveries } from "../store/outbound/analyze-deliveries.ts";
import type { Target } from "./resolve-webhooks.ts";
import { type DeliveryOptions, runDeliveriesOnce } from "./run-deliveries-once.ts";

// Often enough that a backlog building up during a burst gets its plan within seconds.
const ANALYZE_EVERY_MS = 5_000;

export interface DeliveryLoop {
  stop(): Promise<void>;
}

export function startDeliveryLoop(
  ctx: AppContext,
  hooks: ReadonlyMap<string, Target>,
  opts: DeliveryOptions & { intervalMs?: number } = {},
): DeliveryLoop {
  const interval = opts.intervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  // Statistics for the claim's plan (analyze-deliveries.ts), by the wall clock: a test clock
  // standing still must not stop them.
  let analyzedAt = 0;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = (async () => {
      try {
        let busy = true;
        while (busy && !stopped) {
          if (Date.now() - analyzedAt > ANALYZE_EVERY_MS) {
            analyzedAt = Date.now();
            await analyzeDeliveries(ctx.db);
          }
          const r = await runDeliveriesOnce(ctx, hooks, opts);
          busy = r.delivered + r.retried + r.dead + r.skipped > 0;
        }
      } catch (err) {
        ctx.logger.error({ err }, "outbound delivery pass failed");
      } finally {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, interval);
      }
    })();
  };
  timer = setTimeout(tick, interval);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
