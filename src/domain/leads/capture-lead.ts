// Creates or updates a lead by its normalised email, with any events that came with it (a
// Typeform response is a lead plus a form_submitted event), in ONE transaction:
// store → refreshLead (scores, segments, routing) → audit.
import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import { audit } from "../audit.ts";
import { ValidationError } from "../errors.ts";
import type { LeadSummary } from "./lead-summary.ts";
import { mergeIntoLead } from "./merge-into-lead.ts";
import type { LeadPatch } from "./merge-lead.ts";
import { normalizeEmail } from "./normalize-lead.ts";
import { type EventInput, insertEvent, summaryOnly } from "./record-event.ts";
import { refreshLead } from "./refresh-lead.ts";

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
}

export interface CaptureResult {
  created: boolean;
  /** True when a stored field changed (always true for a new lead). */
  changed: boolean;
  lead: LeadSummary;
  events: { recorded: number; duplicates: number };
}

const TX_OPTIONS = { maxWait: 15_000, timeout: 30_000 } as const;

export async function captureLead({
  ctx,
  input,
  events = [],
  actor,
}: CaptureOptions): Promise<CaptureResult> {
  const email = requireEmail(input.email);
  return ctx.db.prisma.$transaction(async (tx) => {
    const stored = await storeOne(tx, email, input, actor);
    let recorded = 0;
    for (const event of events) {
      const ev = await insertEvent(tx, stored.leadId, event, ctx.now());
      if (!ev) continue;
      recorded++;
      await audit(tx, {
        actor,
        action: "event.recorded",
        entity: "lead",
        entityId: stored.leadId,
        data: { eventId: ev.id, externalId: event.externalId ?? null, type: event.type },
      });
    }
    const lead = summaryOnly(await refreshLead({ tx, ctx, leadId: stored.leadId, actor }));
    return {
      created: stored.created,
      changed: stored.changed,
      lead,
      events: { recorded, duplicates: events.length - recorded },
    };
  }, TX_OPTIONS);
}

export type BatchOutcome = "created" | "updated" | "unchanged";

export interface CaptureBatchOptions {
  ctx: Ctx;
  inputs: LeadInput[];
  actor: string;
  /** Run everything, then roll back: the counts are exact and nothing is stored. */
  dryRun?: boolean;
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
}: CaptureBatchOptions): Promise<BatchOutcome[]> {
  const prepared = inputs.map((input) => ({ input, email: requireEmail(input.email) }));
  try {
    return await ctx.db.prisma.$transaction(
      async (tx) => {
        const outcomes: BatchOutcome[] = [];
        for (const { input, email } of prepared) {
          const stored = await storeOne(tx, email, input, actor);
          if (stored.changed) await refreshLead({ tx, ctx, leadId: stored.leadId, actor });
          outcomes.push(stored.created ? "created" : stored.changed ? "updated" : "unchanged");
        }
        if (dryRun) throw new DryRunRollback(outcomes);
        return outcomes;
      },
      { maxWait: 30_000, timeout: 120_000 },
    );
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

async function storeOne(tx: Tx, email: string, input: LeadInput, actor: string) {
  const stored = await mergeIntoLead(tx, email, input);
  const changed = stored.created || Object.keys(stored.changes).length > 0;
  if (stored.created) {
    await audit(tx, {
      actor,
      action: "lead.created",
      entity: "lead",
      entityId: stored.leadId,
      data: { source: input.source ?? null, fields: givenFields(input) },
    });
  } else if (changed) {
    // Prior values are kept here: the lead row only holds the latest.
    await audit(tx, {
      actor,
      action: "lead.updated",
      entity: "lead",
      entityId: stored.leadId,
      data: { changes: stored.changes } as Prisma.InputJsonObject,
    });
  }
  return { ...stored, changed };
}

function givenFields(input: LeadInput): string[] {
  return Object.entries(input)
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k]) => k);
}
