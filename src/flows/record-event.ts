// A behaviour event for a lead. The sender's event id is stored in the unique
// LeadEvent.externalId, so the same id counts once even when two instances receive it at the
// same moment: the insert is ON CONFLICT DO NOTHING and a zero count means "already have it".
// An event for an unknown email creates a minimal lead, so no behaviour is lost.
import { randomUUID } from "node:crypto";
import type { AppContext } from "../context.ts";
import { NotFoundError } from "../core/errors.ts";
import type { JsonObject } from "../core/leads/merge-lead.ts";
import { isUuid } from "../core/roles.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { findEventLeadId, insertLeadEvent } from "../store/events/lead-events.ts";
import { recordDeliveryLead, rememberDelivery } from "../store/intake/signed-deliveries.ts";
import { findLeadId, type LeadSummary, readLeadSummary } from "../store/leads/lead-summary.ts";
import { mergeIntoLead } from "../store/leads/merge-into-leads.ts";
import { refreshLead } from "./refresh-lead.ts";

export interface EventInput {
  /** The sender's id; the same id twice is stored once. Named sources prefix it (`calendly:…`). */
  externalId?: string | null;
  type: string;
  source?: string | null;
  occurredAt?: Date | null;
  properties?: JsonObject;
}

export type EventTarget = { email: string } | { leadId: string };

export interface RecordEventOptions {
  ctx: Pick<AppContext, "db" | "rules" | "rulesHash" | "now">;
  /** A normalised email (a minimal lead is created when unknown) or an existing lead id. */
  target: EventTarget;
  event: EventInput;
  actor: string;
  /** The signed delivery's replay key (intake/admit.ts signedDeliveryKey): a second delivery with it counts nothing. */
  deliveryKey?: string;
}

export interface RecordEventResult {
  duplicate: boolean;
  lead: LeadSummary;
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

/** Thrown inside the transaction to roll back everything when a concurrent twin won the insert. */
class DuplicateEvent extends Error {}

export async function recordEvent({
  ctx,
  target,
  event,
  actor,
  deliveryKey,
}: RecordEventOptions): Promise<RecordEventResult> {
  try {
    return await ctx.db.transaction(async (tx) => {
      if (deliveryKey) {
        const seen = await rememberDelivery(tx, deliveryKey, ctx.now());
        if (!seen.first) return { duplicate: true, lead: await replayedLead(tx, seen.leadId) };
      }
      if (event.externalId) {
        const known = await findEventLeadId(tx, event.externalId);
        if (known) return { duplicate: true, lead: await readLeadSummary(tx, known) };
      }
      const leadId = await resolveLead(tx, target, event.source ?? null, ctx.now());
      const stored = await insertEvent(tx, leadId, event, ctx.now());
      if (!stored) throw new DuplicateEvent();
      const lead = summaryOnly(await refreshLead({ tx, ctx, leadId, actor }));
      await audit(tx, {
        actor,
        action: "event.recorded",
        entity: "lead",
        entityId: leadId,
        data: { eventId: stored.id, externalId: event.externalId ?? null, type: event.type },
      });
      if (deliveryKey) await recordDeliveryLead(tx, deliveryKey, leadId);
      return { duplicate: false, lead };
    }, TX_OPTIONS);
  } catch (err) {
    if (!(err instanceof DuplicateEvent) || !event.externalId) throw err;
    // The twin committed first; answer with its lead, unchanged by this request.
    const externalId = event.externalId;
    return ctx.db.transaction(async (tx) => {
      const known = await findEventLeadId(tx, externalId);
      if (!known) throw new Error("a duplicate event vanished");
      return { duplicate: true, lead: await readLeadSummary(tx, known) };
    });
  }
}

async function replayedLead(tx: Tx, leadId: string | null): Promise<LeadSummary> {
  if (!leadId) throw new NotFoundError("The first delivery with this signature stored no lead");
  return readLeadSummary(tx, leadId);
}

async function resolveLead(tx: Tx, target: EventTarget, source: string | null, now: Date): Promise<string> {
  if ("leadId" in target) {
    // A malformed id is "no such lead", not a database error.
    const id = isUuid(target.leadId) ? await findLeadId(tx, target.leadId) : undefined;
    if (!id) throw new NotFoundError("No lead has this leadId");
    return id;
  }
  const { leadId } = await mergeIntoLead(tx, target.email, { source }, now);
  return leadId;
}

/** Stores one event in the caller's transaction; null when its externalId is already stored. */
export async function insertEvent(
  tx: Tx,
  leadId: string,
  event: EventInput,
  now: Date,
): Promise<{ id: string } | null> {
  const id = randomUUID();
  const stored = await insertLeadEvent(tx, {
    id,
    leadId,
    externalId: event.externalId ?? null,
    type: event.type,
    source: event.source ?? null,
    properties: event.properties ?? {},
    occurredAt: event.occurredAt ?? now,
    // When it reached us, whatever clock the caller runs on.
    receivedAt: new Date(),
  });
  return stored ? { id } : null;
}

/** Exactly the contract's lead shape, whatever else refreshLead reports. */
export function summaryOnly(lead: LeadSummary): LeadSummary {
  const { id, email, stage, grade, score, ownerSlackId } = lead;
  return { id, email, stage, grade, score, ownerSlackId };
}
