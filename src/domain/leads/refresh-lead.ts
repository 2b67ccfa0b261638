// After anything about a lead changes (capture, event, qualification, rules), recompute what
// follows from it, inside the caller's transaction: scores and receipt, grade and stage,
// segment memberships, threshold notices, and routing when it becomes sales-ready.
//
// IN PROGRESS: scoring, segments and routing are being wired in (issues 3 and 6); until then
// this only reads the summary. Callers (intake, Slack, CLI) already go through it.

import type { AppContext } from "../../context.ts";
import type { Tx } from "../../db/client.ts";
import { type LeadSummary, readLeadSummary } from "./lead-summary.ts";

export interface RefreshOptions {
  tx: Tx;
  ctx: Pick<AppContext, "rules" | "rulesHash" | "now">;
  leadId: string;
  /** Who or what caused the change, for the audit log and transitions. */
  actor: string;
}

export async function refreshLead({ tx, leadId }: RefreshOptions): Promise<LeadSummary> {
  return readLeadSummary(tx, leadId);
}
