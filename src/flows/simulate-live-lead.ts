// `leadops simulate --live` and `/leads simulate`: the pure simulation (core/leads/simulate-lead.ts)
// fed with what the live app would read at this moment: the reps' availability, capacity and
// open leads, the rotation cursor and fairness ledger of the route's pools, and, for an email
// that is already stored, the stored lead with its events and qualifications.
//
// Read-only: the readers are the live routing's own (loadRoutingReps, lockRoutingState,
// loadLeadStates). lockRoutingState creates a pool's cursor row when missing and both take row
// locks, so everything runs in one transaction that is always rolled back: nothing is written,
// and the locks are held only for the few milliseconds of the reads.
import type { AppContext } from "../context.ts";
import { normalizeEmail } from "../core/leads/normalize-lead.ts";
import { type Simulation, type StoredLeadForSimulation, simulateLead } from "../core/leads/simulate-lead.ts";
import type { Tx } from "../store/db.ts";
import { loadLeadStates } from "../store/leads/load-lead-state.ts";
import { loadRoutingReps } from "../store/routing/load-routing-reps.ts";
import { lockRoutingState } from "../store/routing/lock-routing-state.ts";
import { readLeadRoutingGate } from "../store/simulation/read-lead-routing-gate.ts";

export interface SimulateLiveOptions {
  ctx: Pick<AppContext, "db" | "rules" | "now">;
  /** The lead's fields as the webhook takes them. */
  lead: unknown;
  events?: unknown;
  /** Start from the stored lead with this lead's email, when there is one (its fields are not merged). */
  useStored?: boolean;
}

class Rollback extends Error {
  constructor(readonly simulation: Simulation) {
    super("simulation rolled back");
  }
}

export async function simulateLiveLead(options: SimulateLiveOptions): Promise<Simulation> {
  const { ctx } = options;
  const now = ctx.now();
  try {
    await ctx.db.transaction(async (tx) => {
      const stored = options.useStored ? await readStored(tx, options.lead) : null;
      const reps = await loadRoutingReps({ tx, rules: ctx.rules });
      const base = { rules: ctx.rules, lead: options.lead, events: options.events, now, stored, reps };
      // First pass: which route, hence which pools' state the live routing would lock and read.
      const first = simulateLead(base);
      if (first.routing === null || first.route.mode === "hold") throw new Rollback(first);
      const state = await lockRoutingState({
        tx,
        pools: first.route.pools,
        repSlackIds: reps.map((r) => r.slackId),
        ...(first.route.strategy === "performance"
          ? { statsWindowDays: ctx.rules.routing.performance.windowDays }
          : {}),
        now,
      });
      throw new Rollback(simulateLead({ ...base, state }));
    });
  } catch (err) {
    if (err instanceof Rollback) return err.simulation;
    throw err;
  }
  throw new Error("the simulation transaction ended without a result");
}

async function readStored(tx: Tx, lead: unknown): Promise<StoredLeadForSimulation | null> {
  const raw = lead && typeof lead === "object" ? (lead as { email?: unknown }).email : undefined;
  const email = typeof raw === "string" ? normalizeEmail(raw) : null;
  if (!email) return null;
  const gate = await readLeadRoutingGate(tx, email);
  if (!gate) return null;
  const state = (await loadLeadStates(tx, [gate.id])).get(gate.id);
  if (!state) return null;
  return {
    facts: state.facts,
    stage: state.stage,
    isIql: state.isIql,
    events: state.events,
    qualifications: state.qualifications,
    ownerSlackId: state.ownerSlackId,
    claimDeadlineAt: gate.claimDeadlineAt,
    lostAt: gate.lostAt,
    forgottenAt: gate.forgottenAt,
    openAssignments: gate.openAssignments,
  };
}
