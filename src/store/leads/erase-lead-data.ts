// Right to erasure, the writes: a person's personal data removed from every table that holds it,
// the anonymous facts reports need (source, stage, dates, scores, outcomes) kept.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const findByEmail = statement<Pick<Lead, "id">, [string]>(
  "findLeadIdByEmail",
  ["id"],
  `SELECT id FROM "Lead" WHERE email = $1 FOR UPDATE`,
);

export async function lockLeadByEmail(tx: Tx, email: string): Promise<string | undefined> {
  const [row] = await findByEmail.run(tx, email);
  return row?.id;
}

const eraseLead = statement<Record<string, never>, [string, string]>(
  "eraseLeadFields",
  [],
  // The email is the unique key: it becomes a placeholder no one can reach.
  `UPDATE "Lead" SET email = 'forgotten-' || id || '@invalid.invalid', "externalId" = NULL,
     "firstName" = NULL, "lastName" = NULL, name = NULL, phone = NULL, website = NULL, city = NULL,
     title = NULL, attributes = '{}'::jsonb, interests = '{}'::text[], "forgottenAt" = $2::timestamp,
     "updatedAt" = $2::timestamp
   WHERE id = $1::uuid`,
);
const eraseEvents = statement<Record<string, never>, [string]>(
  "eraseLeadEventProperties",
  [],
  `UPDATE "LeadEvent" SET properties = '{}'::jsonb WHERE "leadId" = $1::uuid`,
);
const eraseQualifications = statement<Record<string, never>, [string]>(
  "eraseQualificationAnswers",
  [],
  `UPDATE "Qualification" SET answers = '{}'::jsonb, notes = NULL WHERE "leadId" = $1::uuid`,
);
const dropPendingNotices = statement<Record<string, never>, [string]>(
  "dropPendingNoticesOfLead",
  [],
  `DELETE FROM "OutboxMessage" WHERE "leadId" = $1::uuid AND status = 'pending'`,
);
// Earlier audit entries about this lead may hold its previous field values.
const eraseAudit = statement<Record<string, never>, [string]>(
  "eraseLeadAuditData",
  [],
  `UPDATE "AuditLog" SET data = '{}'::jsonb WHERE entity = 'lead' AND "entityId" = $1`,
);

// Event ids that hold the email (Calendly's fallback id before it was hashed, or a sender that
// used the email as its event id): hashed, so the id still dedupes but no longer names anyone.
// A Calendly id keeps its form (`calendly:<event>:h:<sha256 of the rest>`, as
// intake/sources/calendly.ts builds it now).
const eraseEventIds = statement<Record<string, never>, [string, string]>(
  "eraseEmailFromEventIds",
  [],
  `UPDATE "LeadEvent" SET "externalId" = CASE
     WHEN "externalId" LIKE 'calendly:%:%' THEN
       'calendly:' || split_part("externalId", ':', 2) || ':h:' || encode(sha256(convert_to(
         substr("externalId", length(split_part("externalId", ':', 2)) + 11), 'UTF8')), 'hex')
     ELSE 'erased:' || encode(sha256(convert_to("externalId", 'UTF8')), 'hex') END
   WHERE "leadId" = $1::uuid AND strpos(lower("externalId"), $2) > 0`,
);

export async function eraseLeadData(tx: Tx, leadId: string, now: Date, email: string): Promise<void> {
  await eraseEventIds.run(tx, leadId, email.toLowerCase());
  await eraseLead.run(tx, leadId, utcTimestamp(now));
  await eraseEvents.run(tx, leadId);
  await eraseQualifications.run(tx, leadId);
  await dropPendingNotices.run(tx, leadId);
  await eraseAudit.run(tx, leadId);
}
