// Typeform `form_response` webhooks: answers are matched to lead fields by their field `ref`
// (`sources.typeform.fieldMap`, e.g. `{ email_ref: email, company_ref: company }`), hidden
// fields the same way; an `email`-type answer is the email when no ref maps to it.
import { z } from "zod";
import type { JsonObject } from "../../core/leads/merge-lead.ts";
import type { EventInput } from "../../flows/record-event.ts";
import { mapFields } from "./field-map.ts";

const answerSchema = z.looseObject({
  type: z.string(),
  field: z.looseObject({
    id: z.string().optional(),
    ref: z.string().optional(),
    type: z.string().optional(),
  }),
});

export const typeformSchema = z.looseObject({
  event_id: z.string().optional(),
  event_type: z.string(),
  form_response: z.looseObject({
    form_id: z.string(),
    token: z.string().min(1),
    submitted_at: z.string().optional(),
    landed_at: z.string().optional(),
    hidden: z.record(z.string(), z.unknown()).optional(),
    definition: z.looseObject({ title: z.string().optional() }).optional(),
    answers: z.array(answerSchema).default([]),
  }),
});

export type TypeformPayload = z.infer<typeof typeformSchema>;

const HIDDEN_DEFAULTS: Record<string, string> = {
  utm_campaign: "campaign",
  utm_source: "attributes",
  lead_magnet: "leadMagnet",
};

/** The value of one answer, by Typeform's answer type. */
export function answerValue(answer: JsonObject): unknown {
  const type = String(answer.type);
  const raw = answer[type];
  if (type === "choice")
    return (
      (raw as { label?: string; other?: string } | undefined)?.label ?? (raw as { other?: string })?.other
    );
  if (type === "choices") {
    const c = raw as { labels?: string[]; other?: string } | undefined;
    return [...(c?.labels ?? []), ...(c?.other ? [c.other] : [])];
  }
  if (type === "payment") return (raw as { amount?: string } | undefined)?.amount;
  return raw;
}

export type SourceMapping =
  | { kind: "lead"; lead: JsonObject; events: EventInput[] }
  | { kind: "ignored"; reason: string };

export function mapTypeform(payload: TypeformPayload, fieldMap?: Record<string, string>): SourceMapping {
  if (payload.event_type !== "form_response") {
    return { kind: "ignored", reason: `event_type ${payload.event_type} carries no lead` };
  }
  const r = payload.form_response;
  const answers: [string, unknown][] = [];
  let emailAnswer: unknown;
  for (const answer of r.answers) {
    const value = answerValue(answer as JsonObject);
    const key = answer.field.ref ?? answer.field.id ?? "";
    if (answer.type === "email" && emailAnswer === undefined) emailAnswer = value;
    answers.push([key, value]);
  }
  const fromAnswers = mapFields(answers, {}, fieldMap);
  const fromHidden = mapFields(Object.entries(r.hidden ?? {}), HIDDEN_DEFAULTS, fieldMap);
  const lead: JsonObject = { ...fromHidden.lead, ...fromAnswers.lead };
  if (lead.email === undefined && emailAnswer !== undefined) lead.email = emailAnswer;
  lead.source = "typeform";
  if (r.submitted_at) lead.occurredAt = r.submitted_at;
  lead.attributes = {
    typeform: {
      formId: r.form_id,
      responseToken: r.token,
      ...(Object.keys(fromAnswers.unmapped).length ? { answers: fromAnswers.unmapped } : {}),
      ...(Object.keys(fromHidden.unmapped).length ? { hidden: fromHidden.unmapped } : {}),
    },
  };
  return {
    kind: "lead",
    lead,
    events: [
      {
        externalId: `typeform:${r.token}`,
        type: "form_submitted",
        source: "typeform",
        occurredAt: validDate(r.submitted_at),
        properties: { formId: r.form_id, ...(r.definition?.title ? { formTitle: r.definition.title } : {}) },
      },
    ],
  };
}

/** A provider timestamp as a Date, or null when absent or unusable (the server's clock is used). */
export function validDate(value: string | number | undefined | null): Date | null {
  if (value === undefined || value === null || value === "") return null;
  const d = new Date(value);
  const year = d.getUTCFullYear();
  return Number.isNaN(d.getTime()) || year < 1970 || year > 2200 ? null : d;
}
