// Right to erasure: a person's personal data is removed everywhere LeadOps keeps it, while the
// anonymous facts reports need (source, stage, dates, scores, outcomes) stay, so figures for
// past periods do not change. The erasure itself is recorded, without the data erased.
// Slack keeps copies of what was posted: every message already sent about the lead (its hot
// post, thread replies, DMs, alerts) is rewritten through the outbox (`forget_rewrite`), so a
// Slack outage delays the rewrite but cannot lose it.

import { NotFoundError } from "../core/errors.ts";
import { audit } from "../store/audit/audit.ts";
import type { Database } from "../store/db.ts";
import { eraseLeadData, lockLeadByEmail } from "../store/leads/erase-lead-data.ts";
import { eraseLeadReasons } from "../store/leads/erase-lead-reasons.ts";
import { eraseOutboundData } from "../store/outbound/erase-outbound-data.ts";
import { enqueueNotices } from "../store/outbox/enqueue-notice.ts";
import { listLeadSlackMessages } from "../store/outbox/list-lead-messages.ts";

export async function forgetLead(options: {
  db: Pick<Database, "transaction">;
  email: string;
  actor: string;
  now: Date;
}): Promise<{ leadId: string; slackMessages: number }> {
  const email = options.email.trim().toLowerCase();
  return options.db.transaction(async (tx) => {
    const leadId = await lockLeadByEmail(tx, email);
    if (!leadId) throw new NotFoundError("No lead has that email address");
    const messages = await listLeadSlackMessages(tx, leadId);
    await eraseLeadData(tx, leadId, options.now, email);
    await eraseLeadReasons(tx, leadId);
    await eraseOutboundData(tx, leadId);
    // After eraseLeadData, which drops the lead's pending notices: these must stay.
    await enqueueNotices(
      tx,
      messages.map((m) => ({
        kind: "forget_rewrite" as const,
        channel: m.channel,
        leadId,
        payload: { channel: m.channel, ts: m.ts },
        dedupeKey: `forget:${leadId}:${m.channel}:${m.ts}`,
      })),
    );
    await audit(tx, { actor: options.actor, action: "lead.forgotten", entity: "lead", entityId: leadId });
    return { leadId, slackMessages: messages.length };
  });
}
