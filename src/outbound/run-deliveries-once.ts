// One pass of the outbound worker: claim due rows, send each (a lead's rows one at a time, in
// order: the claim gives at most one per lead and subscription), settle each, refresh the gauges.
import type { AppContext } from "../context.ts";
import { buildEventBody, type LeadCard, whenFacts } from "../core/outbound/build-event-body.ts";
import { planRetry } from "../core/outbound/plan-retry.ts";
import { outboundBacklog, outboundDeliveries } from "../observability/metrics.ts";
import { type ClaimedDelivery, claimDeliveries } from "../store/outbound/claim-deliveries.ts";
import { countDeliveries } from "../store/outbound/count-deliveries.ts";
import { readLeadCards } from "../store/outbound/read-lead-card.ts";
import { type Settlement, settleDeliveries } from "../store/outbound/settle-delivery.ts";
import type { Target } from "./resolve-webhooks.ts";

export interface DeliveryOptions {
  /** Rows per pass. */
  limit?: number;
  /** How long a claimed row is this instance's; past it another instance may send it again. */
  leaseMs?: number;
  timeoutMs?: number;
  /** In [0, 1): the jitter (tests pass a fixed one). */
  random?: () => number;
}

export interface PassResult {
  delivered: number;
  retried: number;
  dead: number;
  skipped: number;
}

type Ctx = Pick<AppContext, "db" | "now" | "logger">;

export async function runDeliveriesOnce(
  ctx: Ctx,
  hooks: ReadonlyMap<string, Target>,
  options: DeliveryOptions = {},
): Promise<PassResult> {
  const now = ctx.now();
  const timeoutMs = options.timeoutMs ?? 10_000;
  const rows = await ctx.db.transaction((tx) =>
    claimDeliveries(tx, {
      now,
      leaseMs: options.leaseMs ?? Math.max(60_000, timeoutMs * 3),
      limit: options.limit ?? 50,
    }),
  );
  const result: PassResult = { delivered: 0, retried: 0, dead: 0, skipped: 0 };
  if (rows.length > 0) {
    const ids = [...new Set(rows.flatMap((r) => (r.leadId ? [r.leadId] : [])))];
    const cards = await readLeadCards(ctx.db, ids);
    const random = options.random ?? Math.random;
    const settled = await Promise.all(
      rows.map(async (row) => ({
        row,
        seq: row.seq,
        s: await deliver(ctx, hooks.get(row.subscription), row, cards, { timeoutMs, random }),
      })),
    );
    await settleDeliveries(ctx.db, settled);
    for (const { row, s } of settled) {
      const counted = s.result === "retry" ? "retried" : s.result;
      result[counted]++;
      outboundDeliveries.inc({ subscription: row.subscription, result: counted });
      if (s.result === "dead")
        ctx.logger.warn(
          { subscription: row.subscription, eventId: row.eventId, error: s.error },
          "outbound event dead-lettered",
        );
    }
  }
  await refreshGauges(ctx);
  return result;
}

async function deliver(
  ctx: Ctx,
  hook: Target | undefined,
  row: ClaimedDelivery,
  cards: Map<string, LeadCard>,
  opts: { timeoutMs: number; random: () => number },
): Promise<Settlement> {
  if (!hook) return { result: "skipped", reason: "the subscription is no longer in leadops.yml" };
  const body = buildEventBody({
    eventId: row.eventId,
    type: row.type,
    occurredAt: row.occurredAt,
    lead: row.leadId ? (cards.get(row.leadId) ?? null) : null,
    data: row.data,
  });
  if (hook.when && !hook.when(whenFacts(body))) return { result: "skipped", reason: "`when` does not match" };
  const now = ctx.now();
  const sent = await hook.send({ body, now, timeoutMs: opts.timeoutMs });
  if (sent.ok) return { result: "delivered", at: ctx.now() };
  const plan = planRetry({
    attempts: row.attempts + 1,
    queuedAt: row.queuedAt,
    now,
    retryAfterMs: sent.retryAfterMs,
    random: opts.random(),
  });
  if (sent.permanent) return { result: "dead", error: sent.error };
  return "dead" in plan
    ? { result: "dead", error: `${sent.error}; retried for 24 hours` }
    : { result: "retry", at: plan.retryAt, error: sent.error };
}

async function refreshGauges(ctx: Ctx): Promise<void> {
  const counts = await countDeliveries(ctx.db);
  outboundBacklog.reset();
  for (const c of counts) outboundBacklog.set({ subscription: c.subscription, status: c.status }, c.count);
}
