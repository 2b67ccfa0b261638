// The facts scoring works on. Plain data, so the same code scores a stored lead, a webhook body
// and a `leadops simulate` input; no Prisma types leak in here.
import type { LeadFacts } from "../leads/lead-facts.ts";

export const grades = ["cold", "warm", "hot"] as const;
export type Grade = (typeof grades)[number];

export const stages = ["lead", "mql", "sql", "customer", "nurture", "disqualified"] as const;
export type Stage = (typeof stages)[number];

/** A behaviour event. `id` is the stored event's id: the same id twice counts once. */
export interface EventFacts {
  id: string;
  type: string;
  occurredAt: Date;
  properties?: Readonly<Record<string, unknown>> | null;
}

/** A qualification framework submission (CHAMP, BANT, MEDDIC) as stored. */
export interface QualificationFacts {
  id: string;
  framework: string;
  points: number;
  qualified: boolean;
  at: Date;
}

/** One line of the score receipt, exactly CONTRACT.md's `receipt` entry. */
export interface ReceiptEntry {
  rule: string;
  kind: "fit" | "engagement";
  /** The rule's points when it matched. */
  points: number;
  /** What they are worth at `now`, after decay (2 decimals). */
  currentPoints: number;
  eventId: string | null;
  at: Date;
}

export interface ScoreResult {
  fit: number;
  engagement: number;
  total: number;
  grade: Grade;
  receipt: ReceiptEntry[];
}

export interface ScoreInput {
  lead: LeadFacts;
  events: readonly EventFacts[];
  qualifications?: readonly QualificationFacts[];
  now: Date;
}
