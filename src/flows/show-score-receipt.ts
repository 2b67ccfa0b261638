// "Why this score?": the score receipt of any lead, for anyone LeadOps knows (reps, managers,
// marketing: the rule of `/leads find`, since the receipt shows the lead's name and company).
import type { AppContext } from "../context.ts";
import { NotFoundError } from "../core/errors.ts";
import { isUuid, requireMember } from "../core/roles.ts";
import { type LeadForNotice, readLeadForNotice } from "../store/leads/read-lead-for-notice.ts";
import { readScoreEntries } from "../store/leads/read-score-entries.ts";

export interface ScoreReceiptData {
  lead: LeadForNotice;
  entries: Awaited<ReturnType<typeof readScoreEntries>>;
}

export async function showScoreReceipt(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  actor: string;
  leadId: string;
}): Promise<ScoreReceiptData> {
  const { ctx, actor, leadId } = opts;
  requireMember(ctx.rules, actor);
  const lead = isUuid(leadId) ? await readLeadForNotice({ db: ctx.db, leadId }) : null;
  if (!lead || lead.forgottenAt) throw new NotFoundError("That lead no longer exists.");
  const entries = await ctx.db.transaction((tx) => readScoreEntries({ db: tx, leadId }));
  return { lead, entries };
}
