// Shapes shared by the routing functions. Everything here is plain data (ISO strings, not Dates)
// so a decision can be stored in Assignment.reason, returned by the API and shown by simulate.
import type { RouteMode, Strategy, WorkingHours } from "./config.ts";
import type { WeightedState } from "./strategies/weighted.ts";

/** A rep as routing sees it: the leadops.yml entry merged with the Rep row's availability. */
export interface RoutingRep {
  slackId: string;
  name: string;
  weight?: number;
  capacity?: number | null;
  industries?: string[];
  regions?: string[];
  seniority?: string | null;
  timezone?: string | null;
  workingHours?: WorkingHours | null;
  /** false: removed from the team (kept for history). */
  active?: boolean;
  /** Away with no end date (`/leads away`). */
  away?: boolean;
  /** Away until this instant (`/leads away until DATE`). When set it bounds `away`. */
  awayUntil?: Date | string | null;
  paused?: boolean;
  pausedReason?: string | null;
}

/** One RoutingCursor row: `position` is the index (in pool order) of the last rep picked. */
export interface PoolCursor {
  position: number;
  state: {
    /** The last rep picked by round robin / least-loaded rotation. */
    last?: string;
    /** Smooth weighted round robin current weights, per strategy (see strategies/weighted.ts). */
    weighted?: WeightedState;
    performance?: WeightedState;
  };
}

/** One FairnessLedger row. */
export interface LedgerEntry {
  /** Leads that count toward this rep's share (junk leads credited back are subtracted). */
  assigned: number;
  /** Replacement leads owed to the rep (approved junk disputes not yet made up). */
  credits: number;
  lastAssignedAt: string | null;
}

export interface RepStats {
  /** Leads assigned over the performance window, and how many of them converted. */
  assigned: number;
  converted: number;
}

export interface RoutingState {
  /** By pool name. A missing pool starts at the beginning. */
  cursor: Record<string, PoolCursor>;
  /** By pool name, then rep Slack id. */
  ledger: Record<string, Record<string, LedgerEntry>>;
  /** Open leads per rep (for capacity and least-loaded). */
  openCounts: Record<string, number>;
  /** Conversion stats per rep over `routing.performance.windowDays` (performance strategy only). */
  stats: Record<string, RepStats>;
}

export type SkipReason =
  | { code: "inactive" }
  /** Only from checkClaim: in a decision these reps are listed in `notInPool`. */
  | { code: "not_in_pool"; pools: string[] }
  | { code: "excluded"; why: string }
  | { code: "paused"; reason: string | null }
  | { code: "away"; until: string | null }
  | { code: "outside_hours"; localTime: string; timezone: string; hours: string }
  | { code: "at_capacity"; open: number; capacity: number }
  | { code: "invalid_timezone"; timezone: string };

export interface Candidate {
  slackId: string;
  name: string;
  /** The pools of this route (primary and overflow) the rep belongs to. */
  pools: string[];
  eligible: boolean;
  reasons: SkipReason[];
  openLeads: number;
  capacity: number | null;
  localTime: string | null;
}

export type FallbackTarget =
  | { type: "user"; id: string }
  | { type: "channel"; id: string }
  | { type: "managers" };

/** What started the decision: a new lead, a claim window that ran out, an SLA re-route. */
export type RoutingTrigger = "new" | "claim_expired" | "sla_reroute";

/** Assignment.method values this module produces. */
export type AssignmentMethod = Strategy | "fallback" | "sla_reroute";

export type RoutingOutcome =
  | {
      kind: "claim";
      /** null: the configured hot channel. */
      channel: string | null;
      windowMinutes: number;
      claimDeadlineAt: string;
      /** Reps who may claim now (eligible members; working hours do not apply to a claim). */
      claimers: string[];
    }
  | {
      kind: "assigned";
      repSlackId: string;
      pool: string;
      strategy: Strategy;
      method: AssignmentMethod;
      /** True when the rep got this lead as a make-up for an approved junk dispute. */
      credit: boolean;
    }
  | { kind: "fallback"; target: FallbackTarget; method: "fallback" }
  | { kind: "held" };

export interface RoutingDecision {
  leadId: string | null;
  at: string;
  trigger: RoutingTrigger;
  route: { name: string; isDefault: boolean; index: number | null; matched: string[] };
  mode: RouteMode;
  strategy: Strategy;
  pools: { name: string; members: number; eligible: number }[];
  outcome: RoutingOutcome;
  /** Every member of the route's pools, eligible or not, with the reasons it was skipped. */
  candidates: Candidate[];
  /** Reps in none of the route's pools (ids only: with hundreds of reps this list is long). */
  notInPool: string[];
}

/** One FairnessLedger row to write. */
export interface LedgerRow {
  pool: string;
  repSlackId: string;
  entry: LedgerEntry;
}

/**
 * The rows a decision changed, to write in the same transaction as the Assignment. Only the
 * changed rows: copying every rep's count to change one costs more than the decision itself.
 */
export interface RoutingUpdate {
  /** RoutingCursor rows by pool. */
  cursor: Record<string, PoolCursor>;
  ledger: LedgerRow[];
  /** New open-lead counts of the reps who got a lead. */
  openCounts: Record<string, number>;
}
