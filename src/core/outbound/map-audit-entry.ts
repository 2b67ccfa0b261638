// Which outbound events an audit entry is: every change already writes one audit entry in its own
// transaction, so this mapping is the single place outbound events come from (docs/decisions/0012).
import type { OutboundEventType } from "./config.ts";

const BY_ACTION: Readonly<Record<string, OutboundEventType>> = {
  "lead.created": "lead.created",
  "lead.updated": "lead.updated",
  "lead.assigned": "lead.assigned",
  "lead.reassigned": "lead.assigned",
  "lead.claimed": "lead.claimed",
  "lead.qualified": "lead.qualified",
  "lead.nurtured": "lead.nurtured",
  "lead.won": "lead.won",
  "lead.lost": "lead.lost",
  "lead.sla_breached": "sla.breached",
  // Not audit actions: the changes of a refresh (refresh-changes.ts).
  "lead.rescored": "lead.updated",
  "lead.hot": "lead.hot",
  "segment.entered": "segment.entered",
  "segment.left": "segment.left",
};

/** The event type of an audit action, or undefined when no subscriber can hear of it. */
export function eventTypeOf(action: string): OutboundEventType | undefined {
  return Object.hasOwn(BY_ACTION, action) ? BY_ACTION[action] : undefined;
}

export interface Subscription {
  name: string;
  events: ReadonlySet<OutboundEventType>;
}

export interface AuditedChange {
  action: string;
  entity: string;
  entityId?: string | null;
  data?: unknown;
}

export interface OutboundEvent {
  subscription: string;
  type: OutboundEventType;
  leadId: string | null;
  data: unknown;
}

/**
 * One outbound event per (change, subscription that wants its type); the changes' order is kept,
 * so a lead's events are queued in the order they happened.
 */
export function outboundEventsFor(
  changes: readonly AuditedChange[],
  subs: readonly Subscription[],
): OutboundEvent[] {
  const out: OutboundEvent[] = [];
  if (subs.length === 0) return out;
  for (const change of changes) {
    const type = eventTypeOf(change.action);
    if (!type) continue;
    const leadId = change.entity === "lead" ? (change.entityId ?? null) : null;
    for (const sub of subs) {
      if (sub.events.has(type)) out.push({ subscription: sub.name, type, leadId, data: change.data ?? {} });
    }
  }
  return out;
}
