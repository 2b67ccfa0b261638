// The worker loop started at boot: a pass whenever woken, and at least every `intervalMs`.
// Written notices wake it (store/outbox/enqueue-notice.ts, in this process): since their
// transaction commits a moment later, it then polls every EAGER_MS for a short while (an empty
// claim is one index scan). A pass that put rows back for less than the interval (a channel's next token)
// has the next pass run then.
import type { WebClient } from "@slack/web-api";
import type { AppContext } from "../../context.ts";
import { onNoticesQueued } from "../../store/outbox/enqueue-notice.ts";
import { runOutboxOnce } from "./run-outbox-once.ts";

export interface OutboxLoop {
  /** Run a pass soon (after a listener enqueued something). */
  wake(): void;
  stop(): Promise<void>;
}

/** After a wake, empty passes are repeated this often … */
const EAGER_MS = 20;
/** … for this long: the writing transaction commits within it, or the interval's poll finds it. */
const EAGER_WINDOW_MS = 300;

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
  let eagerUntil = 0;
  let wakeAt = Number.POSITIVE_INFINITY;

  const schedule = (ms: number) => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, ms));
  };

  const tick = () => {
    timer = undefined;
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = (async () => {
      wakeAt = Number.POSITIVE_INFINITY;
      try {
        let busy = true;
        while (busy && !stopped) {
          again = false;
          const r = await runOutboxOnce(ctx, client, { interrupted: () => again });
          if (r.wakeAt !== undefined) wakeAt = Math.min(wakeAt, r.wakeAt);
          // Keep going while a pass still found work it could do; paced rows wait for the timer.
          busy = r.sent + r.failed + r.skipped > 0 || again;
        }
      } catch (err) {
        ctx.logger.error({ err }, "outbox pass failed");
      } finally {
        running = undefined;
        if (!stopped) {
          const now = Date.now();
          let next = interval;
          if (now < eagerUntil) next = EAGER_MS;
          // wakeAt is on the app's clock, as the rows' times are.
          if (Number.isFinite(wakeAt)) next = Math.min(next, wakeAt - ctx.now().getTime());
          schedule(next);
        }
      }
    })();
  };
  const wake = () => {
    if (stopped) return;
    eagerUntil = Date.now() + EAGER_WINDOW_MS;
    if (running) again = true;
    else schedule(0);
  };
  const unsubscribe = onNoticesQueued(wake);
  timer = setTimeout(tick, 0);
  return {
    wake,
    async stop() {
      stopped = true;
      unsubscribe();
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
