// View models: the plain data the builders take. Listeners and jobs map domain rows into these;
// nothing here knows about Prisma, so builders stay pure and testable by value.
import type { KnownBlock } from "@slack/types";

/** What every message builder returns: blocks plus the fallback `text` used by notifications. */
export interface SlackMessage {
  text: string;
  blocks: KnownBlock[];
}

/** A timestamp: a Date or an ISO-8601 string. */
export type Instant = Date | string;

export type Grade = "hot" | "warm" | "cold" | (string & {});
export type Stage = "lead" | "mql" | "sql" | "customer" | "nurture" | "disqualified" | (string & {});

export interface ScoreVM {
  fit: number;
  engagement: number;
  total: number;
  grade: Grade;
}

/** One line of "why": a rule and the points it gave now. */
export interface ReasonVM {
  rule: string;
  points: number;
}

/** The lead as every surface shows it. All text fields are user-supplied and escaped by builders. */
export interface LeadSummaryVM {
  id: string;
  name?: string | null;
  email?: string | null;
  title?: string | null;
  company?: string | null;
  source?: string | null;
  leadMagnet?: string | null;
  stage?: Stage | null;
  score: ScoreVM;
  /** Top reasons, biggest first; builders show at most five. */
  topReasons?: ReasonVM[];
  segments?: string[];
}

/** A hot lead post: the summary plus where the rules would route it if nobody claims it. */
export interface HotLeadVM extends LeadSummaryVM {
  /** e.g. "Enterprise pool (round robin) after 5 min". */
  suggestedRoute?: string | null;
  /** Minutes left to claim before routing assigns it. */
  claimWindowMinutes?: number | null;
}

/** Where the lead message stands after the first post; drives the in-place update. */
export type LeadStatusVM =
  | { state: "claimed"; ownerSlackId: string; claimedInMs: number }
  | { state: "assigned"; ownerSlackId: string; route?: string | null; afterMs?: number | null }
  | { state: "contacted"; ownerSlackId: string; claimedInMs?: number | null; contactedInMs?: number | null }
  | { state: "qualified"; ownerSlackId: string; framework?: string | null }
  | { state: "won"; ownerSlackId: string; amount?: number | null; currency?: string | null }
  /** `reopenable`: lost (not disqualified), so a manager may reopen it. */
  | { state: "lost"; ownerSlackId: string; reason?: string | null; reopenable?: boolean }
  | { state: "nurture"; ownerSlackId?: string | null; byUserId: string; reason?: string | null }
  | { state: "released"; byUserId: string; reason?: string | null };

export type RefusalReason =
  | "not_rep"
  | "away"
  | "at_capacity"
  | "paused"
  | "not_owner"
  | "not_manager"
  | "closed"
  | "unknown_lead";

export interface ReceiptEntryVM {
  rule: string;
  kind: "fit" | "engagement";
  /** Points when the rule fired. */
  points: number;
  /** Points after decay, now. */
  currentPoints: number;
  at: Instant;
}

export interface ScoreReceiptVM {
  lead: Pick<LeadSummaryVM, "id" | "name" | "company">;
  score: ScoreVM;
  entries: ReceiptEntryVM[];
}

export interface RoutingCandidateVM {
  slackId: string;
  /** Why this rep was skipped; null/absent for the chosen one. */
  skipped?: string | null;
}

export interface AssignmentExplanationVM {
  ownerSlackId: string | null;
  route: string;
  rule?: string | null;
  strategy: string;
  /** "claimed" when a rep clicked Claim, "routing" when the rules assigned it, "manager" for a reassignment. */
  via: "claimed" | "routing" | "manager";
  candidates?: RoutingCandidateVM[];
  /** Extra explanation lines already rendered by the routing domain (escaped as user text). */
  lines?: string[];
}

export interface FrameworkOptionVM {
  value: string;
  label: string;
  points: number;
}

export interface FrameworkFieldVM {
  id: string;
  label: string;
  type: "select" | "text";
  options?: FrameworkOptionVM[];
  required: boolean;
  hint?: string;
}

/** A qualification framework (CHAMP, BANT, MEDDIC …) as data. */
export interface FrameworkVM {
  id: string;
  name: string;
  fields: FrameworkFieldVM[];
}

/** What a modal carries through `private_metadata`, so the submission can update the lead message. */
export interface ModalMetadata {
  leadId: string;
  channel?: string | null;
  ts?: string | null;
  frameworkId?: string | null;
  /** Won modal: opened on a customer, so it records another purchase (not a first win). */
  again?: boolean;
}

export interface SelectOptionVM {
  value: string;
  label: string;
}

export interface ThresholdAlertVM {
  lead: LeadSummaryVM;
  direction: "up" | "down";
  from: { grade: Grade; stage?: Stage | null };
  to: { grade: Grade; stage?: Stage | null };
  /** What moved it, e.g. "Appointment booked (+25)" or "Decay". */
  reason: string;
}

/** Many threshold alerts as one message (a busy channel, a rescore, an import). */
export interface AlertSummaryVM {
  /** The headline, e.g. "Rescore: 142 leads crossed to warm, 12 to hot". */
  title: string;
  /** The leads listed (the builder shows as many as Slack's block limit allows). */
  leads: { lead: LeadSummaryVM; from?: ThresholdAlertVM["from"]; to?: ThresholdAlertVM["to"] }[];
  /** Leads in all, listed or not. */
  total: number;
  /** The closing line (what to do, where the rest are). */
  note: string;
}

export interface NurtureNoticeVM {
  lead: LeadSummaryVM;
  reason: string;
  byUserId: string;
}

export type SlaState = "ok" | "due_soon" | "breached";

export type Availability =
  | { state: "available" }
  | { state: "away"; until?: Instant | null }
  | { state: "paused"; reason?: string | null };

export interface OpenLeadVM {
  id: string;
  name?: string | null;
  company?: string | null;
  grade: Grade;
  stage?: Stage | null;
  ageMs: number;
  sla: SlaState;
}

export interface WeekNumbersVM {
  assigned: number;
  contacted: number;
  won: number;
  /** null when there was no first response this week. */
  medianFirstResponseMs: number | null;
}

export interface TeamRowVM {
  slackId: string;
  openLeads: number;
  breached?: number;
  capacity?: number | null;
  availability: Availability;
}

export interface HomeVM {
  userId: string;
  isRep: boolean;
  availability: Availability;
  openLeads: OpenLeadVM[];
  week: WeekNumbersVM;
  /** Present for managers: the team's queue. */
  team?: TeamRowVM[] | null;
  /** Leads nobody owns yet (manager view). */
  unassigned?: number | null;
  updatedAt?: Instant | null;
}

export interface FindResultVM {
  id: string;
  name?: string | null;
  email?: string | null;
  company?: string | null;
  stage?: Stage | null;
  grade: Grade;
  total: number;
  ownerSlackId?: string | null;
}

/** One label/value row of a report; null or undefined values render as "—". */
export interface ReportRowVM {
  label: string;
  value: string | number | null | undefined;
}

export interface ReportVM {
  title: string;
  /** e.g. "this week (2025-03-03..2025-03-09)". */
  period: string;
  rows: ReportRowVM[];
  /** Per rep / source / segment breakdown, each with its own rows. */
  groups?: { title: string; rows: ReportRowVM[] }[];
  chartUrl?: string | null;
}

export interface RulesSummaryVM {
  thresholds: { label: string; minTotal: number }[];
  scoringRules: { name: string; kind: "fit" | "engagement"; points: number }[];
  segments: string[];
  routing: { strategy: string; claimWindowMinutes: number; routes: string[] };
  sla: { nudgeMinutes: number; rerouteMinutes: number };
  followUpDays?: number | null;
  source?: string | null;
}
