// A manager approves a junk dispute: the lead is disqualified, and in the fairness ledger of the
// pool the rep received it from the lead stops counting and a make-up lead is owed
// (routing/fairness.ts creditDispute; routeLead pays it back at the next decision in that pool).
import type { AppContext } from "../context.ts";
import { ConflictError, NotFoundError, ValidationError } from "../core/errors.ts";
import { isUuid, requireManager } from "../core/roles.ts";
import { creditDispute } from "../core/routing/fairness.ts";
import { endOpenAssignments } from "../store/assignments/end-assignments.ts";
import { readReceivedPool } from "../store/assignments/read-lead-assignments.ts";
import { audit } from "../store/audit/audit.ts";
import type { Tx } from "../store/db.ts";
import { type DisputeRow, listOpenDisputesOfLead, readDispute } from "../store/disputes/read-disputes.ts";
import { approveOpenDispute } from "../store/disputes/write-disputes.ts";
import { disqualifyLead } from "../store/leads/disqualify-lead.ts";
import { closeClaimWindow } from "../store/leads/lead-owner.ts";
import { readGuardedLead } from "../store/leads/read-guarded-lead.ts";
import { enqueueNotice } from "../store/outbox/enqueue-notice.ts";
import { lockRoutingState, saveRoutingState } from "../store/routing/lock-routing-state.ts";

export async function approveDispute(opts: {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  /** A dispute id, or the id of a lead with exactly one open dispute (`/leads approve <lead>`). */
  disputeId: string;
  actor: string;
}): Promise<{ leadId: string; repSlackId: string; creditedPool: string | null }> {
  const { ctx, disputeId, actor } = opts;
  requireManager(ctx.rules, actor);
  if (!isUuid(disputeId)) throw new NotFoundError("That dispute no longer exists.");
  const now = ctx.now();
  return ctx.db.transaction(async (tx) => {
    const dispute = await findDispute(tx, disputeId);
    const { leadId, repSlackId } = dispute;
    const lead = await readGuardedLead(tx, leadId, { lock: true });
    if (!lead) throw new NotFoundError("That lead no longer exists.");
    // The conditional update decides between two managers clicking at once.
    if (!(await approveOpenDispute(tx, { id: dispute.id, by: actor, at: now }))) {
      throw new ConflictError("That dispute was already decided.");
    }
    const pool = await creditRep(tx, { leadId, repSlackId, now });
    if (lead.stage !== "disqualified") {
      await disqualifyLead(tx, { leadId, from: lead.stage, reason: dispute.reason, actor, at: now });
      await closeClaimWindow(tx, { leadId, at: now });
    }
    await endOpenAssignments(tx, { leadId, at: now, endReason: "disqualified" });
    await audit(tx, {
      actor,
      action: "dispute.approved",
      entity: "dispute",
      entityId: dispute.id,
      data: { leadId, repSlackId, pool },
    });
    if (lead.slackChannel || lead.slackTs) {
      await enqueueNotice(tx, {
        kind: "lead_post_update",
        leadId,
        channel: lead.slackChannel,
        payload: { leadId, channel: lead.slackChannel, ts: lead.slackTs },
      });
    }
    return { leadId, repSlackId, creditedPool: pool };
  });
}

/**
 * In the ledger of the pool the rep received the lead from, the lead stops counting and a make-up
 * is owed. Returns that pool; null when the rep got it outside any pool (a manager's hand).
 */
async function creditRep(
  tx: Tx,
  o: { leadId: string; repSlackId: string; now: Date },
): Promise<string | null> {
  const { repSlackId, now } = o;
  const pool = await readReceivedPool(tx, o);
  if (!pool) return null;
  // The pool's cursor lock first, as every ledger writer does (see lock-routing-state.ts).
  const state = await lockRoutingState({ tx, pools: [pool], repSlackIds: [], now });
  const entry = creditDispute({ entry: state.ledger[pool]?.[repSlackId] });
  await saveRoutingState(tx, { cursor: {}, ledger: [{ pool, repSlackId, entry }] }, now);
  return pool;
}

/** The dispute by its id, else the one open dispute of the lead with that id. */
async function findDispute(tx: Tx, id: string): Promise<DisputeRow> {
  const dispute = await readDispute(tx, id);
  if (dispute) return dispute;
  const open = await listOpenDisputesOfLead(tx, { leadId: id, limit: 6 });
  const [only] = open;
  if (!only) throw new NotFoundError("No open dispute has that id, and that lead has no open dispute.");
  if (open.length > 1)
    throw new ValidationError(
      `That lead has several open disputes; approve one by its id: ${open
        .slice(0, 5)
        .map((d) => `${d.id} (<@${d.repSlackId}>)`)
        .join(", ")}.`,
    );
  return only;
}
