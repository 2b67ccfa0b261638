// The worker loop started at boot: a pass whenever woken, and at least every `intervalMs`.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../context.ts";
import { runOutboxOnce } from "./run-outbox-once.ts";

export interface OutboxLoop {
  /** Run a pass soon (after a listener enqueued something). */
  wake(): void;
  stop(): Promise<void>;
}

export function startOutboxLoop(
  ctx: AppContext,
  client: WebClient,
  opts: { intervalMs?: number } = {},
): OutboxLoop {
  const interval = opts.intervalMs ?? 500;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      try {
        let busy = true;
        while (busy && !stopped) {
          again = false;
          const r = await runOutboxOnce(ctx, client);
          // Keep going while a pass still found work it could do; paced rows wait for the timer.
          busy = r.sent + r.failed + r.skipped > 0 || again;
        }
      } catch (err) {
        ctx.logger.error({ err }, "outbox pass failed");
      } finally {
        running = undefined;
        if (!stopped) timer = setTimeout(tick, interval);
      }
    })();
  };
  timer = setTimeout(tick, 0);
  return {
    wake() {
      if (stopped) return;
      if (timer) clearTimeout(timer);
      timer = setTimeout(tick, 0);
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
