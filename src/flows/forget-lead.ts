// Right to erasure: a person's personal data is removed everywhere LeadOps keeps it, while the
// anonymous facts reports need (source, stage, dates, scores, outcomes) stay, so figures for
// past periods do not change. The erasure itself is recorded, without the data erased.

import { NotFoundError } from "../core/errors.ts";
import { audit } from "../store/audit/audit.ts";
import type { Database } from "../store/db.ts";
import { eraseLeadData, lockLeadByEmail } from "../store/leads/erase-lead-data.ts";
import { eraseOutboundData } from "../store/outbound/erase-outbound-data.ts";

export async function forgetLead(options: {
  db: Pick<Database, "transaction">;
  email: string;
  actor: string;
  now: Date;
}): Promise<{ leadId: string }> {
  const email = options.email.trim().toLowerCase();
  return options.db.transaction(async (tx) => {
    const leadId = await lockLeadByEmail(tx, email);
    if (!leadId) throw new NotFoundError("No lead has that email address");
    await eraseLeadData(tx, leadId, options.now);
    await eraseOutboundData(tx, leadId);
    await audit(tx, { actor: options.actor, action: "lead.forgotten", entity: "lead", entityId: leadId });
    return { leadId };
  });
}
