// Right to erasure, the free text people typed about a lead: why it was lost (the detail), sent
// to nurture or disputed as junk. Where and when each thing happened (stages, outcomes, disputes
// and their decisions) stays for the reports; only the words go.
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const eraseLead = statement<Record<string, never>, [string]>(
  "eraseLeadReasons",
  [],
  `UPDATE "Lead" SET "lostReason" = NULL, "nurtureReason" = NULL WHERE id = $1::uuid`,
);
const eraseOutcomes = statement<Record<string, never>, [string]>(
  "eraseOutcomeReasons",
  [],
  `UPDATE "Outcome" SET reason = NULL WHERE "leadId" = $1::uuid`,
);
const eraseTransitions = statement<Record<string, never>, [string]>(
  "eraseTransitionReasons",
  [],
  `UPDATE "LeadTransition" SET reason = NULL WHERE "leadId" = $1::uuid AND field = 'stage'`,
);
// Dispute.reason is required: an empty string keeps the row (the rep's make-up credit) valid.
const eraseDisputes = statement<Record<string, never>, [string]>(
  "eraseDisputeReasons",
  [],
  `UPDATE "Dispute" SET reason = '' WHERE "leadId" = $1::uuid`,
);
const eraseDisputeAudit = statement<Record<string, never>, [string]>(
  "eraseDisputeAuditData",
  [],
  `UPDATE "AuditLog" SET data = '{}'::jsonb
   WHERE entity = 'dispute' AND "entityId" IN (SELECT id::text FROM "Dispute" WHERE "leadId" = $1::uuid)`,
);
// Notices already sent keep their payload as a record; the typed reasons in it go.
const eraseNoticeReasons = statement<Record<string, never>, [string]>(
  "eraseNoticeReasons",
  [],
  `UPDATE "OutboxMessage" SET payload = payload - 'reason' WHERE "leadId" = $1::uuid AND payload ? 'reason'`,
);

export async function eraseLeadReasons(tx: Tx, leadId: string): Promise<void> {
  await eraseLead.run(tx, leadId);
  await eraseOutcomes.run(tx, leadId);
  await eraseTransitions.run(tx, leadId);
  await eraseDisputes.run(tx, leadId);
  await eraseDisputeAudit.run(tx, leadId);
  await eraseNoticeReasons.run(tx, leadId);
}
