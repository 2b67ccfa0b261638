// Claim windows that ran out: a lead posted with Claim that nobody took by claimDeadlineAt is
// assigned by the route's strategy (trigger claim_expired), or goes to the fallback. Nobody gets
// a missed claim for it (see the comment below; misses are counted in check-slas.ts).
// Each lead is its own transaction, re-checked under the lead's lock, so a claim landing at the
// last moment wins cleanly and two instances never route the same lead twice.
import type { AppContext } from "../context.ts";
import { decideMove, leadStateOf } from "../core/lifecycle/decide-move.ts";
import { listExpiredClaims } from "../store/leads/list-expired-claims.ts";
import { lockLead } from "../store/leads/lock-lead.ts";
import { readLeadOwner } from "../store/leads/read-lead-owner.ts";
import { assignLead } from "./assign-lead.ts";

export interface ExpireClaimsResult {
  expired: number;
  assigned: number;
  fallback: number;
}

export async function expireClaims(opts: {
  ctx: Pick<AppContext, "db" | "rules">;
  now: Date;
  /** Leads handled per run; the rest wait for the next tick. */
  limit?: number;
}): Promise<ExpireClaimsResult> {
  const { ctx, now } = opts;
  const due = await ctx.db.transaction((tx) => listExpiredClaims(tx, { now, limit: opts.limit ?? 200 }));
  const result: ExpireClaimsResult = { expired: 0, assigned: 0, fallback: 0 };
  for (const id of due) {
    await ctx.db.transaction(
      async (tx) => {
        await lockLead(tx, id);
        const lead = await readLeadOwner(tx, id);
        // Claimed meanwhile, already handled by another instance, or closed since it was listed.
        if (!lead?.claimDeadlineAt || lead.claimDeadlineAt > now) return;
        if (!decideMove({ move: "assign", from: leadStateOf(lead), by: "job" }).ok) return;
        const routed = await assignLead({
          tx,
          rules: ctx.rules,
          leadId: id,
          now,
          actor: "system",
          trigger: "claim_expired",
          endOpenAs: "claim_expired",
        });
        result.expired++;
        if (routed.outcome === "assigned") result.assigned++;
        else result.fallback++;
        // Nobody is counted as having "missed" this claim: on a team of five, four reps lose every
        // race, and a quiet hour would pause everyone. A missed claim is counted when a lead given
        // to a rep is taken back by the SLA re-route (check-slas.ts).
      },
      { maxWait: 20_000, timeout: 20_000 },
    );
  }
  return result;
}
