// The post-call qualification (CHAMP by default; frameworks are data in leadops.yml). Every
// answer is stored with who gave it; refreshLead then re-scores (fit points) and may promote the
// lead to sql; a summary goes to the lead's Slack thread.
import type { AppContext } from "../context.ts";
import { NotFoundError, ValidationError } from "../core/errors.ts";
import type { Framework } from "../core/qualification/config.ts";
import { validateQualification } from "../core/qualification/validate-qualification.ts";
import { isUuid, requireLeadRole } from "../core/roles.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { audit } from "../store/audit/audit.ts";
import {
  findLeadByRef,
  readLatestQualification,
  recordQualification,
} from "../store/leads/lead-qualifications.ts";
import { recordFirstResponse } from "../store/leads/record-first-response.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { authorizeLeadAction } from "./authorize-lead-action.ts";
import { refreshLead } from "./refresh-lead.ts";

export interface QualificationForm {
  lead: { id: string; name: string | null; email: string; company: string | null };
  channel: string | null;
  ts: string | null;
  framework: Framework;
  /** The latest answers for this framework, to prefill the modal. */
  initial: Record<string, string>;
  initialNotes: string | null;
}

/** The framework to use: the one asked for if it exists, else the rules' default. */
export function frameworkFor(ctx: Pick<AppContext, "rules">, id?: string | null): Framework {
  const q = ctx.rules.qualification;
  const framework = (id ? q.frameworks[id] : undefined) ?? q.frameworks[q.default];
  if (!framework) throw new NotFoundError(`Unknown qualification framework ${id ?? q.default}`);
  return framework;
}

/**
 * Everything the qualification modal needs, after checking the actor may qualify the lead.
 * `ref` is a lead id or email (`/leads qualify <lead email or id>`).
 */
export async function openQualification(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  actor: string;
  ref: string;
}): Promise<QualificationForm> {
  const { ctx, actor } = opts;
  // Before the lookup: "No lead matches" would tell a stranger which emails are leads.
  requireLeadRole(ctx.rules, actor, "worker");
  const ref = opts.ref.trim().replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1");
  const framework = frameworkFor(ctx);
  const { lead, last } = await ctx.db.transaction(async (tx) => {
    const id = await findLeadByRef(tx, isUuid(ref) ? ref : ref.toLowerCase(), isUuid(ref));
    if (!id) throw new NotFoundError(`No lead matches ${ref.slice(0, 200)}.`);
    const lead = await authorizeLeadAction({ tx, rules: ctx.rules, actor, leadId: id, allowUnowned: true });
    return { lead, last: await readLatestQualification(tx, { leadId: lead.id, framework: framework.id }) };
  });
  const initial: Record<string, string> = {};
  for (const [field, answer] of Object.entries((last?.answers ?? {}) as Record<string, unknown>)) {
    const value = (answer as { value?: unknown } | null)?.value;
    if (typeof value === "string") initial[field] = value;
  }
  return {
    lead: { id: lead.id, name: lead.name, email: lead.email, company: lead.company },
    channel: lead.slackChannel,
    ts: lead.slackTs,
    framework,
    initial,
    initialNotes: last?.notes ?? null,
  };
}

/**
 * Validates answers against the framework without touching the database: the modal listener
 * calls it before acking so problems show inline on the fields.
 */
export function checkQualification(opts: {
  ctx: Pick<AppContext, "rules">;
  frameworkId?: string | null;
  answers: Record<string, string>;
  notes?: string | null;
}) {
  const framework = frameworkFor(opts.ctx, opts.frameworkId);
  const notes = opts.notes?.trim() ? opts.notes.trim() : null;
  const known = new Set(framework.fields.map((f) => f.id));
  const answers: Record<string, string> = {};
  for (const [k, v] of Object.entries(opts.answers)) if (v.trim() !== "") answers[k] = v;
  // The modal's Notes input stands for a framework field named "notes" when there is one.
  if (notes && known.has("notes")) answers.notes = notes;
  return { framework, notes, result: validateQualification({ framework, answers }) };
}

export interface QualificationSubmitted {
  leadId: string;
  qualificationId: string;
  points: number;
  qualified: boolean;
  stage: string;
}

export async function submitQualification(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "rulesHash" | "now">;
  actor: string;
  leadId: string;
  frameworkId?: string | null;
  /** Answers by field id: option values for selects, text for text fields. */
  answers: Record<string, string>;
  notes?: string | null;
}): Promise<QualificationSubmitted> {
  const { ctx, actor, leadId } = opts;
  const { framework, notes, result } = checkQualification(opts);
  if (!result.ok) throw new ValidationError("Some answers are missing or invalid", result.errors);
  const now = ctx.now();

  return ctx.db.transaction(async (tx) => {
    const lead = await authorizeLeadAction({
      tx,
      rules: ctx.rules,
      actor,
      leadId,
      lock: true,
      allowUnowned: true,
    });
    // Each answer keeps its label and points as they were when given, so history survives a
    // later change of the framework in leadops.yml.
    const stored: Record<string, Prisma.InputJsonObject> = {};
    for (const field of framework.fields) {
      const value = result.answers[field.id];
      if (value === undefined) continue;
      const option = field.options?.find((o) => o.value === value);
      stored[field.id] = {
        question: field.label,
        value,
        ...(option ? { label: option.label, points: option.points } : {}),
        by: actor,
      };
    }
    const qualification = await recordQualification(tx, {
      leadId,
      framework: framework.id,
      answers: stored,
      notes,
      points: result.points,
      qualified: result.qualified,
      by: actor,
      at: now,
    });
    // First response only when the owner acts (not a manager): recordFirstResponse decides.
    await recordFirstResponse(tx, { lead, actor, now });
    const summary = await refreshLead({ tx, ctx, leadId, actor });
    await audit(tx, {
      actor,
      action: "lead.qualified",
      entity: "lead",
      entityId: leadId,
      data: {
        qualificationId: qualification.id,
        framework: framework.id,
        points: result.points,
        qualified: result.qualified,
      },
    });
    await enqueueNotice(tx, {
      kind: "lead_thread",
      leadId,
      payload: { leadId, topic: "qualification", qualificationId: qualification.id },
      dedupeKey: `thread:qualification:${qualification.id}`,
    });
    await enqueueNotice(tx, {
      kind: "lead_post_update",
      leadId,
      channel: lead.slackChannel,
      payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
    });
    return {
      leadId,
      qualificationId: qualification.id,
      points: result.points,
      qualified: result.qualified,
      stage: summary.stage,
    };
  });
}
