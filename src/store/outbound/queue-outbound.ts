// Outbound events of changes, queued in the caller's transaction for the subscriptions of this
// process (docs/decisions/0012). With none configured it returns before any work.
import { type AuditedChange, outboundEventsFor } from "../../core/outbound/map-audit-entry.ts";
import type { Tx } from "../db.ts";
import { enqueueOutbound } from "./enqueue-outbound.ts";
import { outboundPlan } from "./subscriptions.ts";

export async function queueOutbound(tx: Tx, changes: readonly AuditedChange[]): Promise<void> {
  const plan = outboundPlan();
  if (!plan || changes.length === 0) return;
  const events = changes.flatMap((change, i) =>
    outboundEventsFor([change], plan.subscriptions).map((e) => ({ ...e, change: i })),
  );
  await enqueueOutbound(tx, events, plan.now());
}
