// Creates or updates leads by their normalised email, with any events that came with them (a
// Typeform response is a lead plus a form_submitted event), in ONE transaction:
// store + audit → events → refreshLeads (scores, segments, routing).
import type { AppContext } from "../context.ts";
import { type CrossingTally, emptyTally, mergeTally } from "../core/alerts/alert-crossings.ts";
import { ValidationError } from "../core/errors.ts";
import type { LeadPatch } from "../core/leads/merge-lead.ts";
import { normalizeEmail } from "../core/leads/normalize-lead.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { type AuditEntry, audit, auditMany } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { recordDeliveryLeads } from "../store/intake/signed-deliveries.ts";
import { type LeadSummary, readLeadSummary } from "../store/leads/lead-summary.ts";
import { type Capture, mergeIntoLeads } from "../store/leads/merge-into-leads.ts";
import { type EventInput, insertEvent, summaryOnly } from "./record-event.ts";
import { refreshLeads } from "./refresh-lead.ts";
import { screenReplays } from "./screen-replays.ts";

export interface LeadInput extends LeadPatch {
  email: string;
}

type Ctx = Pick<AppContext, "db" | "rules" | "rulesHash" | "now">;

export interface CaptureOptions {
  ctx: Ctx;
  input: LeadInput;
  /** Events recorded for the same lead in the same transaction (duplicates are skipped). */
  events?: EventInput[];
  /** `webhook:leads`, `webhook:typeform`, `cli`, … */
  actor: string;
  /** The signed delivery's replay key (screen-replays.ts): a second delivery with it stores nothing. */
  deliveryKey?: string;
}

export interface CaptureResult {
  created: boolean;
  /** True when a stored field changed (always true for a new lead). */
  changed: boolean;
  /** The same signed delivery was accepted before: nothing was stored, `lead` is as it is now. */
  replayed: boolean;
  lead: LeadSummary;
  events: { recorded: number; duplicates: number };
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

export async function captureLead(options: CaptureOptions): Promise<CaptureResult> {
  const [result] = await captureLeadsTogether(options.ctx, [options]);
  return result!;
}

export type CaptureRequest = Omit<CaptureOptions, "ctx">;

/**
 * Captures several webhook deliveries in ONE transaction (group commit, see capture-batcher.ts):
 * one BEGIN/COMMIT and one WAL flush for all of them. Every lead is stored and locked first
 * (new ones inserted in email order, existing ones locked in id order), and only then refreshed (refreshing may lock routing state): so two batches, or a
 * batch and a single capture, always lock leads before routing state and leads in one order.
 * Results are in the order of `requests`. Any failure rolls back the whole batch. Deliveries
 * already accepted (their replay key remembered) store nothing and answer with their lead.
 */
export async function captureLeadsTogether(ctx: Ctx, requests: CaptureRequest[]): Promise<CaptureResult[]> {
  const captures = requests.map((r) => ({ email: requireEmail(r.input.email), patch: r.input }));
  return ctx.db.transaction(async (tx) => {
    const screened = await screenReplays(
      tx,
      requests.map((r) => r.deliveryKey),
      ctx.now(),
    );
    const fresh = requests.flatMap((r, i) => (screened[i]?.kind === "new" ? [{ r, c: captures[i]! }] : []));
    const stored = fresh.length === 0 ? [] : await storeTogether(tx, ctx, fresh);
    await recordDeliveryLeads(
      tx,
      fresh.flatMap(({ r }, j) =>
        r.deliveryKey ? [{ key: r.deliveryKey, leadId: stored[j]!.lead.id }] : [],
      ),
    );
    // Back in the order of `requests`: stored results, and replays answered with their first's lead.
    const results: CaptureResult[] = [];
    let next = 0;
    for (const [i, s] of screened.entries()) {
      if (s.kind === "new") results.push(stored[next++]!);
      else if (s.kind === "twin") results.push(asReplay(results[s.of]!.lead, requests[i]!));
      else results.push(asReplay(summaryOnly(await readLeadSummary(tx, s.leadId)), requests[i]!));
    }
    return results;
  }, TX_OPTIONS);
}

/** What a replayed delivery is answered: the lead as it is, nothing created, changed or recorded. */
function asReplay(lead: LeadSummary, request: CaptureRequest): CaptureResult {
  const events = { recorded: 0, duplicates: request.events?.length ?? 0 };
  return { created: false, changed: false, replayed: true, lead, events };
}

/** Stores and refreshes the deliveries that are not replays, in the caller's transaction. */
async function storeTogether(
  tx: Tx,
  ctx: Ctx,
  fresh: { r: CaptureRequest; c: Capture }[],
): Promise<CaptureResult[]> {
  const requests = fresh.map((f) => f.r);
  const stored = await storeAll(
    tx,
    fresh.map((f) => f.c),
    requests.map((r) => r.actor),
    ctx.now(),
  );
  const recorded = await recordEvents(tx, ctx, requests, stored);
  // Transitions name who caused them: one refresh per actor (a batch may mix sources).
  const byActor = new Map<string, Set<string>>();
  stored.forEach((s, i) => {
    const actor = requests[i]!.actor;
    byActor.set(actor, (byActor.get(actor) ?? new Set()).add(s.leadId));
  });
  const summaries = new Map<string, LeadSummary>();
  for (const [actor, ids] of byActor) {
    const leadIds = [...ids].filter((id) => !summaries.has(id));
    for (const lead of await refreshLeads({ tx, ctx, leadIds, actor }))
      summaries.set(lead.id, summaryOnly(lead));
  }
  return requests.map((r, i) => ({
    created: stored[i]!.created,
    changed: stored[i]!.changed,
    replayed: false,
    lead: summaries.get(stored[i]!.leadId)!,
    events: { recorded: recorded[i]!, duplicates: (r.events?.length ?? 0) - recorded[i]! },
  }));
}

/** Each request's events (duplicates skipped); returns how many each recorded. */
async function recordEvents(
  tx: Tx,
  ctx: Ctx,
  requests: CaptureRequest[],
  stored: { leadId: string }[],
): Promise<number[]> {
  const counts: number[] = [];
  for (const [i, r] of requests.entries()) {
    const leadId = stored[i]!.leadId;
    let recorded = 0;
    for (const event of r.events ?? []) {
      const ev = await insertEvent(tx, leadId, event, ctx.now());
      if (!ev) continue;
      recorded++;
      await audit(tx, {
        actor: r.actor,
        action: "event.recorded",
        entity: "lead",
        entityId: leadId,
        data: { eventId: ev.id, externalId: event.externalId ?? null, type: event.type },
      });
    }
    counts.push(recorded);
  }
  return counts;
}

export type BatchOutcome = "created" | "updated" | "unchanged";

export interface CaptureBatchOptions {
  ctx: Ctx;
  inputs: LeadInput[];
  actor: string;
  /** Run everything, then roll back: the counts are exact and nothing is stored. */
  dryRun?: boolean;
  /** Count threshold crossings here instead of alerting per lead (an import; see queue-crossing-summary.ts). */
  tally?: CrossingTally;
}

class DryRunRollback extends Error {
  constructor(readonly outcomes: BatchOutcome[]) {
    super("dry run");
  }
}

/**
 * Captures many leads in one transaction (CSV import): far fewer commits than one per lead.
 * Unchanged leads are not refreshed, so importing the same file twice writes nothing.
 */
export async function captureLeads({
  ctx,
  inputs,
  actor,
  dryRun,
  tally,
}: CaptureBatchOptions): Promise<BatchOutcome[]> {
  const captures = inputs.map((input) => ({ email: requireEmail(input.email), patch: input }));
  // This batch's crossings join the run's count once it has committed (a dry run never does).
  const counted = tally ? emptyTally() : undefined;
  try {
    const outcomes = await ctx.db.transaction(
      async (tx) => {
        const stored = await storeAll(
          tx,
          captures,
          inputs.map(() => actor),
          ctx.now(),
        );
        const leadIds = [...new Set(stored.filter((s) => s.changed).map((s) => s.leadId))];
        if (leadIds.length > 0) await refreshLeads({ tx, ctx, leadIds, actor, tally: counted });
        const outcomes = stored.map(
          (s): BatchOutcome => (s.created ? "created" : s.changed ? "updated" : "unchanged"),
        );
        if (dryRun) throw new DryRunRollback(outcomes);
        return outcomes;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
    if (tally && counted) mergeTally(tally, counted);
    return outcomes;
  } catch (err) {
    if (err instanceof DryRunRollback) return err.outcomes;
    throw err;
  }
}

function requireEmail(raw: string): string {
  const email = normalizeEmail(raw);
  if (!email)
    throw new ValidationError("The email is not valid", [
      { field: "email", message: "not an email address" },
    ]);
  return email;
}

/** Stores every capture (mergeIntoLeads) and writes its audit entry, in one statement each. */
async function storeAll(tx: Tx, captures: Capture[], actors: string[], now: Date) {
  const stored = await mergeIntoLeads(tx, captures, now);
  const entries: AuditEntry[] = [];
  const results = stored.map((s, i) => {
    const { patch } = captures[i]!;
    const actor = actors[i]!;
    const changed = s.created || Object.keys(s.changes).length > 0;
    if (s.created) {
      const data = { source: patch.source ?? null, fields: givenFields(patch) };
      entries.push({ actor, action: "lead.created", entity: "lead", entityId: s.leadId, data });
    } else if (changed) {
      // Prior values are kept here: the lead row only holds the latest.
      const data = { changes: s.changes } as Prisma.InputJsonObject;
      entries.push({ actor, action: "lead.updated", entity: "lead", entityId: s.leadId, data });
    }
    return { ...s, changed };
  });
  await auditMany(tx, entries);
  return results;
}

function givenFields(input: LeadPatch): string[] {
  return Object.entries(input)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
}
