// lead_thread: a reply under the lead's post explaining it: how routing handled it (topic
// routing), why this owner, or a qualification summary. The score receipt has its own kind
// (score-receipt.ts): it is edited in place, so it never goes out merged with these.
import type { LeadForNotice } from "../../store/leads/read-lead-for-notice.ts";
import { readQualification } from "../../store/leads/read-qualification.ts";
import { readScoreEntries } from "../../store/leads/read-score-entries.ts";
import { buildAssignmentExplanation } from "../blocks/receipt.ts";
import type { SlackMessage } from "../blocks/types.ts";
import { assignmentOf, displayName, postTarget, WAIT_FOR_POST_MS, withLead } from "./lead-data.ts";
import { buildQualificationSummary } from "./qualification-summary.ts";
import { buildRoutingExplanation } from "./routing-thread.ts";
import { scoreReceiptMessage } from "./score-receipt.ts";
import type { OutboxRow, RenderContext, Rendered } from "./types.ts";

export async function renderLeadThread(rc: RenderContext, row: OutboxRow): Promise<Rendered> {
  return withLead(rc, row, async (lead) => {
    const target = await postTarget(rc.ctx, lead);
    if ("wait" in target)
      return { action: "wait", reason: "the lead's post has not gone out yet", ms: WAIT_FOR_POST_MS };
    if ("none" in target) return { action: "skip", reason: "the lead has no Slack post to reply under" };
    const message = await threadMessage(rc, lead, row.payload);
    if (!message) return { action: "skip", reason: "nothing to say for this topic" };
    return { action: "post", channel: target.channel, threadTs: target.ts, message };
  });
}

async function threadMessage(
  rc: RenderContext,
  lead: LeadForNotice,
  payload: Record<string, unknown>,
): Promise<SlackMessage | null> {
  switch (payload.topic) {
    case "qualification": {
      const q =
        typeof payload.qualificationId === "string"
          ? await readQualification({ db: rc.ctx.db, id: payload.qualificationId })
          : null;
      if (!q) return null;
      const framework = rc.ctx.rules.qualification.frameworks[q.framework];
      const answers = Object.entries((q.answers ?? {}) as Record<string, Record<string, unknown>>).map(
        ([field, a]) => ({
          question: String(a?.question ?? framework?.fields.find((f) => f.id === field)?.label ?? field),
          answer: String(a?.label ?? a?.value ?? ""),
          points: typeof a?.points === "number" ? a.points : null,
        }),
      );
      return buildQualificationSummary({
        lead: { id: lead.id, name: displayName(lead), email: lead.email },
        framework: framework?.label ?? q.framework.toUpperCase(),
        byUserId: q.byUserId,
        points: q.points,
        qualified: q.qualified,
        stage: lead.stage,
        answers: answers.filter((a) => a.question !== "Notes"),
        notes: q.notes,
      });
    }
    case "assignment": {
      const a = await assignmentOf(rc, payload, lead);
      if (!a) return null;
      const reason = (a.reason ?? {}) as Record<string, unknown>;
      const candidates = Array.isArray(reason.candidates)
        ? (reason.candidates as Record<string, unknown>[])
            .filter((c) => typeof c?.slackId === "string")
            .map((c) => ({
              slackId: c.slackId as string,
              skipped: c.eligible === false ? describeSkips(c.reasons) : null,
            }))
        : [];
      const lines = Array.isArray(reason.lines)
        ? reason.lines.filter((l): l is string => typeof l === "string")
        : [];
      return buildAssignmentExplanation({
        ownerSlackId: a.repSlackId,
        route: a.route ?? "default",
        rule: a.rule,
        strategy: a.method === "claim" ? "first to claim" : a.method,
        via: a.method === "claim" ? "claimed" : a.method === "manual" ? "manager" : "routing",
        candidates,
        lines: detailLines(reason, candidates.length > 0, lines),
      });
    }
    case "routing":
      // Posted for claim: how routing handled the lead, not the score (that is the receipt).
      return buildRoutingExplanation({
        decision: payload.decision ?? null,
        explanation: typeof payload.explanation === "string" ? payload.explanation : null,
      });
    default: {
      // A row queued with another topic (none today) shows the receipt, as before score_receipt.
      const entries = await readScoreEntries({ db: rc.ctx.db, leadId: lead.id });
      return scoreReceiptMessage(rc.ctx, lead, entries, rc.now);
    }
  }
}

function describeSkips(reasons: unknown): string {
  if (!Array.isArray(reasons) || reasons.length === 0) return "not eligible";
  return reasons
    .map((r) =>
      typeof r === "object" && r !== null && "code" in r ? String((r as { code: unknown }).code) : String(r),
    )
    .join(", ")
    .replace(/_/g, " ");
}

/**
 * The candidates already show the decision; explainDecision's text (holding mentions, which
 * escaping as text would show as `&lt;@U…&gt;`) is added only for rows that stored none.
 */
function detailLines(reason: Record<string, unknown>, hasCandidates: boolean, lines: string[]): string[] {
  return typeof reason.explanation === "string" && !hasCandidates ? [reason.explanation, ...lines] : lines;
}
