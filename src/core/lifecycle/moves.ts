// The lead lifecycle as one table: every stage × ownership move the product makes, and who may
// make it. Flows ask decideMove() before they write a stage or an owner; docs/lifecycle.md is
// rendered from this table (scripts/render-lifecycle.ts), so the doc cannot drift from the code.
import type { Stage } from "../scoring/types.ts";

/**
 * Who owns the lead: nobody; nobody yet but posted with a Claim button until a deadline (the
 * claim window); a rep. A lost lead is `closed`: it keeps its stage for the report, and only a
 * manager's reopen brings it back.
 */
export const ownerships = ["unowned", "offered", "owned", "closed"] as const;
export type Ownership = (typeof ownerships)[number];

export interface LeadState {
  stage: Stage;
  ownership: Ownership;
}

/** What sets a move off. `owner` is the lead's owner acting; `manager` a manager (any lead). */
export const triggers = ["score", "qualification", "routing", "job", "rep", "owner", "manager"] as const;
export type Trigger = (typeof triggers)[number];

export const moveNames = [
  "warm",
  "hot",
  "cool",
  "qualify",
  "offer",
  "claim",
  "assign",
  "unassign",
  "reassign",
  "release",
  "nurture",
  "recycle",
  "reenter",
  "win",
  "buy-again",
  "lose",
  "reopen",
  "disqualify",
] as const;
export type MoveName = (typeof moveNames)[number];

export interface Move {
  name: MoveName;
  /** The stages and ownerships the move starts from (every combination of the two). */
  from: { stages: readonly Stage[]; ownerships: readonly Ownership[] };
  /** The stage and ownership it ends in; `same` keeps the current one. */
  to: { stage: Stage | "same"; ownership: Ownership | "same" };
  by: readonly Trigger[];
  /** One line for the doc: what happens and why. */
  note: string;
}

const OPEN: readonly Ownership[] = ["unowned", "offered", "owned"];
const WORKED: readonly Stage[] = ["lead", "mql", "sql"];

export const MOVES: readonly Move[] = [
  {
    name: "warm",
    from: { stages: ["lead"], ownerships: OPEN },
    to: { stage: "mql", ownership: "same" },
    by: ["score"],
    note: "The total score reaches the warm threshold.",
  },
  {
    name: "hot",
    from: { stages: ["lead", "mql"], ownerships: OPEN },
    to: { stage: "sql", ownership: "same" },
    by: ["score"],
    note: "The total score reaches the hot threshold: sales-ready, then routed.",
  },
  {
    name: "cool",
    from: { stages: ["mql", "sql"], ownerships: OPEN },
    to: { stage: "same", ownership: "same" },
    by: ["score"],
    note: "The score falls below a threshold: the stage moves back (sql → mql → lead) only with `scoring.stages.moveBack`; the owner stays.",
  },
  {
    name: "qualify",
    from: { stages: WORKED, ownerships: OPEN },
    to: { stage: "sql", ownership: "same" },
    by: ["qualification"],
    note: "A qualifying framework submission (CHAMP by default) whose framework has `promoteToSql`.",
  },
  {
    name: "offer",
    from: { stages: WORKED, ownerships: ["unowned"] },
    to: { stage: "same", ownership: "offered" },
    by: ["routing"],
    note: "A route of mode `claim` posts the lead with a Claim button until the claim window ends.",
  },
  {
    name: "claim",
    from: { stages: [...WORKED, "nurture"], ownerships: ["unowned", "offered"] },
    to: { stage: "same", ownership: "owned" },
    by: ["rep"],
    note: "The first eligible rep to click Claim wins, atomically; a nurtured lead that is posted again may be claimed.",
  },
  {
    name: "assign",
    from: { stages: WORKED, ownerships: ["unowned", "offered"] },
    to: { stage: "same", ownership: "owned" },
    by: ["routing", "job"],
    note: "A route of mode `assign`, or a claim window that ended unclaimed: the rotation picks an eligible rep.",
  },
  {
    name: "unassign",
    from: { stages: WORKED, ownerships: ["unowned", "offered", "owned"] },
    to: { stage: "same", ownership: "unowned" },
    by: ["routing", "job"],
    note: "Nobody is eligible: the lead waits in the fallback for a manager, a claim or the SLA re-route.",
  },
  {
    name: "reassign",
    from: { stages: WORKED, ownerships: OPEN },
    to: { stage: "same", ownership: "owned" },
    by: ["manager", "job"],
    note: "A manager hands the lead to another rep, or the SLA re-route moves it to the next eligible rep.",
  },
  {
    name: "release",
    from: { stages: WORKED, ownerships: ["owned"] },
    to: { stage: "same", ownership: "offered" },
    by: ["owner", "manager"],
    note: "The owner gives the lead back: it is open to claims again for one claim window.",
  },
  {
    name: "nurture",
    from: { stages: WORKED, ownerships: OPEN },
    to: { stage: "nurture", ownership: "unowned" },
    by: ["owner", "manager"],
    note: "Back to marketing, with a reason; marketing is told.",
  },
  {
    name: "recycle",
    from: { stages: ["sql"], ownerships: ["owned"] },
    to: { stage: "nurture", ownership: "unowned" },
    by: ["job"],
    note: "Follow-up reminders ran out with no activity (`followUp.recycleAfterReminders`): back to nurture.",
  },
  {
    name: "reenter",
    from: { stages: ["nurture"], ownerships: ["unowned", "offered"] },
    to: { stage: "sql", ownership: "same" },
    by: ["score"],
    note: "A nurtured lead's score crosses the hot threshold: it comes back as sql and is routed like a new sales-ready lead (`scoring.stages.reenterFromNurture`, default on).",
  },
  {
    name: "win",
    from: { stages: WORKED, ownerships: OPEN },
    to: { stage: "customer", ownership: "same" },
    by: ["owner", "manager"],
    note: "Won, with the amount: the lead becomes a customer.",
  },
  {
    name: "buy-again",
    from: { stages: ["customer"], ownerships: OPEN },
    to: { stage: "customer", ownership: "same" },
    by: ["owner", "manager"],
    note: "A customer buys again: another purchase (Outcome won), so customer lifetime value counts every purchase.",
  },
  {
    name: "lose",
    from: { stages: WORKED, ownerships: OPEN },
    to: { stage: "same", ownership: "closed" },
    by: ["owner", "manager"],
    note: "Lost, with a reason: the lead keeps its stage for the report and leaves every queue.",
  },
  {
    name: "reopen",
    from: { stages: WORKED, ownerships: ["closed"] },
    to: { stage: "sql", ownership: "unowned" },
    by: ["manager"],
    note: "A manager reopens a lost lead: it is sales-ready again and routed.",
  },
  {
    name: "disqualify",
    from: { stages: [...WORKED, "nurture"], ownerships: [...OPEN, "closed"] },
    to: { stage: "disqualified", ownership: "same" },
    by: ["manager"],
    note: "A manager approves a rep's dispute that the lead is junk.",
  },
];
