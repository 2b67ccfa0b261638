// The routing decision: route → pools → eligibility of every rep → strategy → owner, or the
// fallback when nobody is eligible. Pure: the caller loads the state rows (RoutingCursor and
// FairnessLedger for `matchRoute(...).pools`, open-lead counts, conversion stats) inside a
// transaction with row locks, calls this, and writes the rows in `update` together with the
// Assignment. Two instances can therefore never hand out the same turn: the second waits on the
// lock and sees the first one's cursor. `nextState` (the whole state after the decision) is for
// callers that keep state in memory, and is only built when read.

import type { LeadFacts } from "../leads/lead-facts.ts";
import { applyRoutingUpdate } from "./apply-routing-update.ts";
import { checkEligibility } from "./check-eligibility.ts";
import { ALL_POOL, type PoolConfig, type RoutingConfig, type Strategy } from "./config.ts";
import { findCredit, recordAssignment } from "./fairness.ts";
import { matchPool } from "./match-pool.ts";
import { matchRoute } from "./match-route.ts";
import { pickLeastLoaded } from "./strategies/least-loaded.ts";
import { performanceWeights } from "./strategies/performance.ts";
import { advanceCursor, type Pick, pickRoundRobin, rotationStart } from "./strategies/round-robin.ts";
import { pickWeighted } from "./strategies/weighted.ts";
import type {
  Candidate,
  FallbackTarget,
  PoolCursor,
  RoutingDecision,
  RoutingOutcome,
  RoutingRep,
  RoutingState,
  RoutingTrigger,
  RoutingUpdate,
} from "./types.ts";
import type { LocalTime } from "./working-hours.ts";

export interface RouteLeadInput {
  lead: LeadFacts;
  segments: readonly string[];
  config: RoutingConfig;
  /** In leadops.yml order: that order is the round-robin order. */
  reps: readonly RoutingRep[];
  state: RoutingState;
  now: Date;
  /**
   * `new` follows the route's mode; `claim_expired` (nobody claimed in the window) and
   * `sla_reroute` always assign at once.
   */
  trigger?: RoutingTrigger;
  /** Reps who must not get the lead (the current owner on an SLA re-route). */
  exclude?: readonly string[];
}

export interface RouteLeadResult {
  decision: RoutingDecision;
  /** The changed rows to store. */
  update: RoutingUpdate;
  /** The state after the decision (`state` with `update` applied; built on first read). */
  readonly nextState: RoutingState;
}

function result(decision: RoutingDecision, state: RoutingState, update: RoutingUpdate): RouteLeadResult {
  let next: RoutingState | undefined;
  return {
    decision,
    update,
    get nextState() {
      next ??= applyRoutingUpdate(state, update);
      return next;
    },
  };
}

const noUpdate = (): RoutingUpdate => ({ cursor: {}, ledger: [], openCounts: {} });

export function fallbackTarget(fallback: string): FallbackTarget {
  if (fallback === "managers") return { type: "managers" };
  if (/^[UW]/.test(fallback)) return { type: "user", id: fallback };
  return { type: "channel", id: fallback };
}

function pick(opts: {
  strategy: Strategy;
  order: readonly RoutingRep[];
  ids: readonly string[];
  isEligible: (id: string) => boolean;
  cursor: PoolCursor | undefined;
  state: RoutingState;
  config: RoutingConfig;
}): Pick | null {
  const { strategy, order, ids, isEligible, cursor, state, config } = opts;
  switch (strategy) {
    case "round_robin":
      return pickRoundRobin({ order: ids, isEligible, cursor });
    case "least_loaded":
      return pickLeastLoaded({ order: ids, isEligible, openCounts: state.openCounts, cursor });
    case "weighted":
    case "performance": {
      const base = order.map((r) => r.weight ?? 1);
      const weights =
        strategy === "weighted"
          ? base
          : performanceWeights({ ids, weights: base, stats: state.stats, config: config.performance });
      const key = strategy === "weighted" ? "weighted" : "performance";
      const picked = pickWeighted({ ids, weights, isEligible, state: cursor?.state[key] });
      if (!picked) return null;
      const next = advanceCursor(ids, cursor, picked.slackId);
      return { slackId: picked.slackId, cursor: { ...next, state: { ...next.state, [key]: picked.state } } };
    }
  }
}

export function routeLead(input: RouteLeadInput): RouteLeadResult {
  const { lead, segments, config, state, now } = input;
  const trigger = input.trigger ?? "new";
  const match = matchRoute({ lead, segments, config });
  const route = match.route;
  const mode = trigger === "new" ? route.mode : "assign";
  const decisionBase = {
    leadId: typeof lead.id === "string" ? lead.id : null,
    at: now.toISOString(),
    trigger,
    route: { name: route.name, isDefault: match.isDefault, index: match.index, matched: match.matched },
    mode,
    strategy: route.strategy,
  };
  if (mode === "hold") {
    const decision = {
      ...decisionBase,
      pools: [],
      outcome: { kind: "held" as const },
      candidates: [],
      notInPool: [],
    };
    return result(decision, state, noUpdate());
  }

  const field = evaluateCandidates({ input, pools: match.pools, mode, trigger });
  const finish = (outcome: RoutingOutcome, update = noUpdate()): RouteLeadResult =>
    result(
      {
        ...decisionBase,
        mode,
        pools: field.poolSummary,
        outcome,
        candidates: field.candidates,
        notInPool: field.notInPool,
      },
      state,
      update,
    );

  if (mode === "claim") {
    const i = field.members.findIndex((m) => m.some((r) => field.claimable.has(r.slackId)));
    if (i >= 0) {
      const windowMinutes = route.claimWindowMinutes ?? config.claimWindowMinutes;
      return finish({
        kind: "claim",
        channel: route.channel ?? null,
        windowMinutes,
        claimDeadlineAt: new Date(now.getTime() + windowMinutes * 60_000).toISOString(),
        claimers: (field.members[i] ?? [])
          .filter((r) => field.claimable.has(r.slackId))
          .map((r) => r.slackId),
      });
    }
    // Nobody could claim: posting a Claim button nobody may press would only delay the fallback.
  }

  const assigned = assignFromPools({ input, pools: match.pools, strategy: route.strategy, trigger, field });
  if (assigned) return finish(assigned.outcome, assigned.update);
  return finish({
    kind: "fallback",
    target: fallbackTarget(route.fallback ?? config.fallback),
    method: "fallback",
  });
}

interface Field {
  /** The members of each pool of the route, in rep order. */
  members: RoutingRep[][];
  eligible: Set<string>;
  /** Reps who may claim: eligible but for working hours (a claim may come in the morning). */
  claimable: Set<string>;
  candidates: Candidate[];
  notInPool: string[];
  poolSummary: { name: string; members: number; eligible: number }[];
}

/** Membership in every pool of the route, and eligibility once per rep (it does not depend on the pool). */
function evaluateCandidates(opts: {
  input: RouteLeadInput;
  pools: readonly string[];
  mode: string;
  trigger: RoutingTrigger;
}): Field {
  const { input, pools: poolNames, mode, trigger } = opts;
  const { lead, config, reps, state, now } = input;
  const poolConfigs = poolNames.map((name) => config.pools.find((p) => p.name === name) ?? allPool());
  const excluded = new Set(input.exclude ?? []);
  const defaults = { timezone: config.defaultTimezone, workingHours: config.defaultWorkingHours };
  const localTimes = new Map<string, LocalTime | null>();
  const members: RoutingRep[][] = poolNames.map(() => []);
  const eligibleCount = poolNames.map(() => 0);
  const field: Field = {
    members,
    eligible: new Set(),
    claimable: new Set(),
    candidates: [],
    notInPool: [],
    poolSummary: [],
  };
  const poolLists = new Map<number, string[]>();
  for (const rep of reps) {
    // Membership as a bit mask; reps with the same membership share one list of pool names
    // (hundreds of identical small arrays per decision add up).
    let mask = 0;
    for (let i = 0; i < poolConfigs.length; i++) {
      if (matchPool(poolConfigs[i], rep, lead)) {
        mask |= 1 << i;
        members[i]?.push(rep);
      }
    }
    if (mask === 0) {
      field.notInPool.push(rep.slackId);
      continue;
    }
    let pools = poolLists.get(mask);
    if (!pools) {
      pools = poolNames.filter((_, i) => mask & (1 << i));
      poolLists.set(mask, pools);
    }
    const openLeads = state.openCounts[rep.slackId] ?? 0;
    const check = checkEligibility({ rep, openCount: openLeads, now, defaults, localTimes });
    if (excluded.has(rep.slackId)) {
      check.reasons.unshift({
        code: "excluded",
        why: trigger === "sla_reroute" ? "current owner, SLA re-route" : "excluded",
      });
      check.eligible = false;
    }
    if (check.eligible) {
      field.eligible.add(rep.slackId);
      for (let i = 0; i < poolConfigs.length; i++)
        if (mask & (1 << i)) eligibleCount[i] = (eligibleCount[i] ?? 0) + 1;
    }
    if (mode === "claim" && check.reasons.every((r) => r.code === "outside_hours"))
      field.claimable.add(rep.slackId);
    field.candidates.push({
      slackId: rep.slackId,
      name: rep.name,
      pools,
      eligible: check.eligible,
      reasons: check.reasons,
      openLeads,
      capacity: rep.capacity ?? null,
      localTime: check.localTime,
    });
  }
  field.poolSummary = poolNames.map((name, i) => ({
    name,
    members: members[i]?.length ?? 0,
    eligible: eligibleCount[i] ?? 0,
  }));
  return field;
}

function allPool(): PoolConfig {
  return {
    name: ALL_POOL,
    reps: [],
    industries: [],
    regions: [],
    seniority: [],
    matchLead: [],
    exclude: [],
  } as PoolConfig;
}

/** The first pool of the route with an eligible rep gives the owner: a fairness credit first, else the strategy's pick. */
function assignFromPools(opts: {
  input: RouteLeadInput;
  pools: readonly string[];
  strategy: Strategy;
  trigger: RoutingTrigger;
  field: Field;
}): { outcome: RoutingOutcome; update: RoutingUpdate } | null {
  const { input, pools, strategy, trigger, field } = opts;
  const { config, state, now } = input;
  const isEligible = (id: string) => field.eligible.has(id);
  for (let i = 0; i < pools.length; i++) {
    const pool = pools[i] as string;
    const order = field.members[i] ?? [];
    const ids = order.map((r) => r.slackId);
    const cursor = state.cursor[pool];
    const creditTo = findCredit({
      order: ids,
      start: rotationStart(ids, cursor),
      isEligible,
      rows: state.ledger[pool],
    });
    const picked: Pick | null = creditTo
      ? { slackId: creditTo, cursor: cursor ?? { position: 0, state: {} } }
      : pick({ strategy, order, ids, isEligible, cursor, state, config });
    if (!picked) continue;
    const credit = creditTo !== null;
    const update: RoutingUpdate = {
      cursor: credit ? {} : { [pool]: picked.cursor },
      ledger: [
        {
          pool,
          repSlackId: picked.slackId,
          entry: recordAssignment({ entry: state.ledger[pool]?.[picked.slackId], at: now, credit }),
        },
      ],
      openCounts: { [picked.slackId]: (state.openCounts[picked.slackId] ?? 0) + 1 },
    };
    const method = trigger === "sla_reroute" ? "sla_reroute" : strategy;
    return {
      outcome: { kind: "assigned", repSlackId: picked.slackId, pool, strategy, method, credit },
      update,
    };
  }
  return null;
}
