// The outbound worker started at boot: a pass at least every `intervalMs`, and again at once while
// a pass found work. It runs beside intake and never inside a request (docs/decisions/0012).
import type { AppContext } from "../context.ts";
import type { Target } from "./resolve-webhooks.ts";
import { type DeliveryOptions, runDeliveriesOnce } from "./run-deliveries-once.ts";

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

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    running = (async () => {
      try {
        let busy = true;
        while (busy && !stopped) {
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
