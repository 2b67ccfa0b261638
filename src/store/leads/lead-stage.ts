// Every write of a lead's stage and of the fields that close or reopen it ("stage", "lostAt",
// "lostReason", "nurturedAt", "convertedAt") is one of these statements, so where a lead is in its
// lifecycle changes in one place. Which move is allowed is decided before, in core/lifecycle
// (decideMove); these only write it. The owner fields are lead-owner.ts's.
import type { Lead } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import type { SummaryRow } from "./lead-summary.ts";

const nurture = statement<Record<string, never>, [string, string, string]>(
  "nurtureLeadStage",
  [],
  `UPDATE "Lead" SET stage = 'nurture', "nurturedAt" = $3::timestamp, "nurtureReason" = $2,
     "lastActivityAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/** Move `nurture` (by a person) or `recycle` (by the follow-up job): back to marketing. */
export async function nurtureLeadStage(
  tx: Tx,
  o: { leadId: string; reason: string; at: Date },
): Promise<void> {
  await nurture.run(tx, o.leadId, o.reason, utcTimestamp(o.at));
}

const win = statement<Record<string, never>, [string, string, string]>(
  "winLeadStage",
  [],
  `UPDATE "Lead" SET stage = 'customer', "convertedAt" = COALESCE("convertedAt", $2::timestamp),
     "lastActivityAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/**
 * Moves `win` and `buy-again`: the lead is a customer. "convertedAt" keeps the first win's close
 * date (the sales cycle ends there); a later purchase is an Outcome of its own.
 */
export async function winLeadStage(tx: Tx, o: { leadId: string; closedAt: Date; at: Date }): Promise<void> {
  await win.run(tx, o.leadId, utcTimestamp(o.closedAt), utcTimestamp(o.at));
}

const lose = statement<Record<string, never>, [string, string, string]>(
  "loseLead",
  [],
  `UPDATE "Lead" SET "lostAt" = $3::timestamp, "lostReason" = $2,
     "lastActivityAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/** Move `lose`: the lead keeps its stage for the report and is closed. */
export async function loseLead(tx: Tx, o: { leadId: string; reason: string; at: Date }): Promise<void> {
  await lose.run(tx, o.leadId, o.reason, utcTimestamp(o.at));
}

const reopen = statement<Record<string, never>, [string, string, string]>(
  "reopenLeadStage",
  [],
  `UPDATE "Lead" SET stage = $2, "lostAt" = NULL, "lostReason" = NULL,
     "sqlAt" = COALESCE("sqlAt", $3::timestamp),
     "lastActivityAt" = $3::timestamp, "updatedAt" = $3::timestamp
   WHERE id = $1::uuid`,
);

/**
 * Move `reopen`: a lost lead is open again at `stage` (the table's), with its loss cleared. The
 * lost Outcome stays: it happened, and the report counts it in its period.
 */
export async function reopenLeadStage(tx: Tx, o: { leadId: string; stage: string; at: Date }): Promise<void> {
  await reopen.run(tx, o.leadId, o.stage, utcTimestamp(o.at));
}

/** What one lead's refresh writes (refresh-lead.ts decides it). */
export interface ScoredLead {
  leadId: string;
  fit: number;
  engagement: number;
  total: number;
  grade: string;
  stage: string;
  isIql: boolean;
}

export interface ReceiptLine {
  leadId: string;
  rule: string;
  kind: string;
  points: number;
  currentPoints: number;
  eventId: string | null;
  at: Date;
}

type ScoredRow = Pick<
  Lead,
  "id" | "email" | "stage" | "grade" | "fitScore" | "engagementScore" | "totalScore" | "ownerSlackId"
>;

// mqlAt/sqlAt keep the first time the lead reached the stage; mqlScore the total score at mqlAt.
const writeScored = statement<ScoredRow, [string, string, string, ...unknown[]]>(
  "writeScoredLeads",
  ["id", "email", "stage", "grade", "fitScore", "engagementScore", "totalScore", "ownerSlackId"],
  `WITH stale AS (DELETE FROM "ScoreEntry" WHERE "leadId" = ANY($4::uuid[])),
   receipt AS (
     INSERT INTO "ScoreEntry" (id, "leadId", rule, kind, points, "currentPoints", "eventId", at)
     SELECT gen_random_uuid(), e.lead, e.rule, e.kind, e.points, e.current, e.event, e.at
     FROM unnest($5::uuid[], $6::text[], $7::text[], $8::float8[], $9::float8[], $10::uuid[], $11::timestamp[])
       AS e(lead, rule, kind, points, current, event, at)),
   entered AS (
     INSERT INTO "SegmentMembership" (id, "leadId", segment, "enteredAt")
     SELECT gen_random_uuid(), m.lead, m.segment, $2::timestamp
     FROM unnest($12::uuid[], $13::text[]) AS m(lead, segment)),
   exited AS (
     UPDATE "SegmentMembership" s SET "leftAt" = $2::timestamp
     FROM unnest($14::uuid[], $15::text[]) AS m(lead, segment)
     WHERE s."leadId" = m.lead AND s.segment = m.segment AND s."leftAt" IS NULL),
   open_after AS (
     SELECT o.lead, array_agg(o.segment ORDER BY o.segment) AS segments
     FROM (SELECT s."leadId", s.segment FROM "SegmentMembership" s
             WHERE s."leadId" = ANY($16::uuid[]) AND s."leftAt" IS NULL
           EXCEPT SELECT * FROM unnest($14::uuid[], $15::text[])
           UNION SELECT * FROM unnest($12::uuid[], $13::text[])) AS o(lead, segment)
     GROUP BY o.lead)
   UPDATE "Lead" l SET "fitScore" = u.fit, "engagementScore" = u.engagement, "totalScore" = u.total,
     grade = u.grade, stage = u.stage, "isIql" = u.iql, "rulesVersion" = $1,
     "mqlAt" = CASE WHEN u.stage IN ('mql', 'sql') THEN COALESCE(l."mqlAt", $2::timestamp) ELSE l."mqlAt" END,
     "mqlScore" = CASE WHEN u.stage IN ('mql', 'sql') AND l."mqlAt" IS NULL THEN u.total ELSE l."mqlScore" END,
     "sqlAt" = CASE WHEN u.stage = 'sql' THEN COALESCE(l."sqlAt", $2::timestamp) ELSE l."sqlAt" END,
     segments = COALESCE(o.segments, '{}'), "updatedAt" = $3::timestamp
   FROM unnest($16::uuid[], $17::float8[], $18::float8[], $19::float8[], $20::text[], $21::text[], $22::bool[])
     AS u(id, fit, engagement, total, grade, stage, iql)
     LEFT JOIN open_after o ON o.lead = u.id
   WHERE l.id = u.id
   RETURNING l.id, l.email, l.stage, l.grade, l."fitScore", l."engagementScore", l."totalScore", l."ownerSlackId"`,
);

/**
 * Every write of a refresh but the crossings in ONE statement (data-modifying CTEs; empty arrays
 * make a part a no-op): the receipt rewritten where it changed (`staleReceipts` are deleted,
 * `receipt` inserted), segment entries and exits, and the lead's scores, grade, stage (the score
 * moves: warm, hot, cool, qualify, reenter), stage times and segments. One round trip instead of
 * five matters because a webhook batch pays the network's cost per statement.
 *
 * Lead.segments mirrors the open memberships. The statement cannot read its own CTEs' writes,
 * so open_after computes them: open rows as this statement sees them, minus exits, plus
 * entries, sorted by the database's collation like the migration's backfill. It reads the table
 * rather than trusting the caller's list: a second guard against a snapshot from before a lock
 * wait (load-lead-state.ts). The extra read is an index-only scan per lead.
 */
export async function writeScoredLeads(
  tx: Tx,
  o: {
    rulesHash: string;
    now: Date;
    /** "updatedAt": when the row was written, which the stale-lead scan compares with. */
    writtenAt: Date;
    staleReceipts: string[];
    receipt: ReceiptLine[];
    entered: { leadId: string; segment: string }[];
    left: { leadId: string; segment: string }[];
    leads: ScoredLead[];
  },
): Promise<Map<string, SummaryRow>> {
  const { receipt: lines, entered, left, leads } = o;
  const rows = await writeScored.run(
    tx,
    o.rulesHash,
    utcTimestamp(o.now),
    utcTimestamp(o.writtenAt),
    o.staleReceipts,
    lines.map((e) => e.leadId),
    lines.map((e) => e.rule),
    lines.map((e) => e.kind),
    lines.map((e) => e.points),
    lines.map((e) => e.currentPoints),
    lines.map((e) => e.eventId),
    lines.map((e) => utcTimestamp(e.at)),
    entered.map((m) => m.leadId),
    entered.map((m) => m.segment),
    left.map((m) => m.leadId),
    left.map((m) => m.segment),
    leads.map((d) => d.leadId),
    leads.map((d) => d.fit),
    leads.map((d) => d.engagement),
    leads.map((d) => d.total),
    leads.map((d) => d.grade),
    leads.map((d) => d.stage),
    leads.map((d) => d.isIql),
  );
  return new Map(rows.map((r) => [r.id, r]));
}
