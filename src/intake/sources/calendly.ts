// Calendly webhooks: `invitee.created` → appointment_booked, `invitee.canceled` →
// appointment_canceled, each for the invitee's email. A reschedule arrives as a cancel of the
// old invitee and a create of a new one (different invitee URIs), so both count.
import { createHash } from "node:crypto";
import { z } from "zod";
import type { JsonObject } from "../../core/leads/merge-lead.ts";
import { mapFields } from "./field-map.ts";
import { type SourceMapping, validDate } from "./typeform.ts";

export const calendlySchema = z.looseObject({
  event: z.string(),
  created_at: z.string().optional(),
  payload: z.looseObject({
    email: z.string().optional(),
    name: z.string().nullish(),
    first_name: z.string().nullish(),
    last_name: z.string().nullish(),
    uri: z.string().optional(),
    timezone: z.string().nullish(),
    rescheduled: z.boolean().nullish(),
    scheduled_event: z
      .looseObject({
        uri: z.string().optional(),
        name: z.string().nullish(),
        start_time: z.string().nullish(),
        end_time: z.string().nullish(),
      })
      .nullish(),
    tracking: z.record(z.string(), z.unknown()).nullish(),
    questions_and_answers: z.array(z.looseObject({ question: z.string(), answer: z.unknown() })).nullish(),
    cancellation: z
      .looseObject({ reason: z.string().nullish(), canceled_by: z.string().nullish() })
      .nullish(),
  }),
});

export type CalendlyPayload = z.infer<typeof calendlySchema>;

const EVENT_TYPES: Record<string, string> = {
  "invitee.created": "appointment_booked",
  "invitee.canceled": "appointment_canceled",
};

const DEFAULTS: Record<string, string> = {
  first_name: "firstName",
  last_name: "lastName",
  utm_campaign: "campaign",
};

/**
 * The invitee's id when Calendly sends no invitee URI: a hash of email, event and start, so the id
 * stays stable across retries without holding the email (event ids outlive a forgotten lead's
 * data). store/leads/erase-lead-data.ts rewrites ids stored before this in the same form.
 */
export function fallbackId(
  email: string | undefined,
  eventUri: string | null | undefined,
  start: string | null | undefined,
): string {
  const key = `${email ?? ""}:${eventUri ?? ""}:${start ?? ""}`;
  return `h:${createHash("sha256").update(key).digest("hex")}`;
}

export function mapCalendly(body: CalendlyPayload, fieldMap?: Record<string, string>): SourceMapping {
  const type = EVENT_TYPES[body.event];
  if (!type) return { kind: "ignored", reason: `event ${body.event} is not handled` };
  const p = body.payload;
  const questions = (p.questions_and_answers ?? []).map(
    (qa) => [qa.question, qa.answer] as [string, unknown],
  );
  const mapped = mapFields(
    [
      ["email", p.email],
      ["name", p.name],
      ["first_name", p.first_name],
      ["last_name", p.last_name],
      ["timezone", p.timezone],
      ...Object.entries(p.tracking ?? {}),
      ...questions,
    ],
    DEFAULTS,
    fieldMap,
  );
  const lead: JsonObject = { ...mapped.lead, source: "calendly" };
  if (Object.keys(mapped.unmapped).length) lead.attributes = { calendly: mapped.unmapped };
  const ev = p.scheduled_event;
  return {
    kind: "lead",
    lead,
    events: [
      {
        // One booking and one cancellation per invitee, whatever the retries.
        externalId: `calendly:${body.event}:${p.uri ?? fallbackId(p.email, ev?.uri, ev?.start_time)}`,
        type,
        source: "calendly",
        occurredAt: validDate(body.created_at),
        properties: {
          ...(ev?.name ? { eventName: ev.name } : {}),
          ...(ev?.start_time ? { startTime: ev.start_time } : {}),
          ...(ev?.end_time ? { endTime: ev.end_time } : {}),
          ...(ev?.uri ? { eventUri: ev.uri } : {}),
          ...(p.uri ? { inviteeUri: p.uri } : {}),
          ...(p.rescheduled ? { rescheduled: true } : {}),
          ...(p.cancellation?.reason ? { cancelReason: p.cancellation.reason } : {}),
        },
      },
    ],
  };
}
