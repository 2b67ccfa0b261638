// Which outbound subscriptions this process has, for auditMany (src/store/audit/audit.ts) to queue
// events in the transaction of the change. Set once at boot from leadops.yml and cleared at stop;
// a module-level value rather than a parameter because auditMany is called from twenty places that
// should not each carry it (docs/decisions/0012). One running app per process, as in production;
// `now` is the app's clock, so times written here agree with the worker's.
import type { Subscription } from "../../core/outbound/map-audit-entry.ts";

export interface OutboundPlan {
  subscriptions: readonly Subscription[];
  now: () => Date;
}

let current: OutboundPlan | null = null;

/** Installs the plan (null: none). With no subscriptions auditMany does no extra work at all. */
export function setOutboundPlan(plan: OutboundPlan | null): void {
  current = plan && plan.subscriptions.length > 0 ? plan : null;
}

export function outboundPlan(): OutboundPlan | null {
  return current;
}
