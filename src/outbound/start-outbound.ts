// Outbound webhooks at boot: the subscriptions auditMany queues for, and the delivery worker.

import { envValue } from "../config/env.ts";
import type { AppContext } from "../context.ts";
import { setOutboundPlan } from "../store/outbound/subscriptions.ts";
import { resolveWebhooks, type Target } from "./resolve-webhooks.ts";
import { type DeliveryLoop, startDeliveryLoop } from "./start-delivery-loop.ts";

export interface OutboundRuntime {
  hooks: ReadonlyMap<string, Target>;
  stop(): Promise<void>;
}

/** `loop: false` queues events but sends nothing (tests run passes; a CLI process sends nothing). */
export function startOutbound(ctx: AppContext, opts: { loop: boolean }): OutboundRuntime {
  const hooks = resolveWebhooks(ctx.rules.outbound, envValue);
  setOutboundPlan({
    subscriptions: [...hooks.values()].map((h) => ({ name: h.name, events: h.events })),
    now: ctx.now,
  });
  const loop: DeliveryLoop | null = opts.loop && hooks.size > 0 ? startDeliveryLoop(ctx, hooks) : null;
  return {
    hooks,
    async stop() {
      await loop?.stop();
      setOutboundPlan(null);
    },
  };
}
