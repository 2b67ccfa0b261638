// Everything refreshLead needs about a lead, locked, then read in ONE statement: the lead row
// (FOR UPDATE, so two refreshes of one lead serialise and cannot announce one crossing twice),
// its events, qualifications, open segment memberships and current receipt. One read instead
// of six is most of the cost of a webhook on a busy server.
//
// The lock is a statement of its own, before the read. Under READ COMMITTED a `SELECT … FOR
// UPDATE` that waits for another transaction's lock returns the lead row as that transaction
// left it, but its subqueries (events, memberships, receipt) from the snapshot taken before the
// wait: a refresh then scored a lead without the click the other one had just recorded, and
// entered a segment the other one had already entered (test: load-lead-state-lock). The read
// that follows the lock gets a new snapshot, which holds everything committed before the locks
// were granted. One extra round trip per call, whatever the number of leads.

import { LEAD_FACT_KEYS, type LeadFacts } from "../../core/leads/lead-facts.ts";
import type { EventFacts, QualificationFacts } from "../../core/scoring/types.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { parseUtcTimestamp } from "../sql.ts";
import { statement } from "../statement.ts";
import type { ReceiptEntry } from "./read-lead.ts";

export interface LeadState {
  facts: LeadFacts & { id: string };
  totalScore: number;
  grade: string;
  stage: string;
  ownerSlackId: string | null;
  /** With the owner, where the lead is in core/lifecycle (leadStateOf). */
  lostAt: Date | null;
  claimDeadlineAt: Date | null;
  isIql: boolean;
  mqlAt: Date | null;
  sqlAt: Date | null;
  events: EventFacts[];
  qualifications: QualificationFacts[];
  segments: string[];
  /** The stored receipt as comparable keys (see receiptKey). */
  receiptKeys: string[];
}

export function receiptKey(e: ReceiptEntry): string {
  return `${e.kind}|${e.rule}|${e.points}|${e.currentPoints}|${e.eventId ?? ""}|${e.at.getTime()}`;
}

// The facts the pure code reads, then what the refresh and the lifecycle need besides.
const STATE_COLUMNS = [
  "totalScore",
  "ownerSlackId",
  "lostAt",
  "claimDeadlineAt",
  "isIql",
  "mqlAt",
  "sqlAt",
] as const satisfies readonly (keyof Lead)[];
const LEAD_COLUMNS = [...LEAD_FACT_KEYS, ...STATE_COLUMNS];

type Row = Pick<Lead, (typeof LEAD_COLUMNS)[number]> & {
  events: { id: string; type: string; occurredAt: string; properties: unknown }[] | null;
  quals: { id: string; framework: string; points: number; qualified: boolean; at: string }[] | null;
  segments: string[] | null;
  receipt:
    | {
        rule: string;
        kind: string;
        points: number;
        currentPoints: number;
        eventId: string | null;
        at: string;
      }[]
    | null;
};

const lockLeads = statement<Pick<Lead, "id">, [string[]]>(
  "lockLeadsForRefresh",
  ["id"],
  `SELECT id FROM "Lead" WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
);

// A new statement, so a new snapshot (see the top): no FOR UPDATE here, the rows are ours.
const readStates = statement<Row, [string[]]>(
  "readLeadStates",
  [...LEAD_COLUMNS, "events", "quals", "segments", "receipt"],
  `SELECT ${LEAD_COLUMNS.map((c) => `l."${c}"`).join(", ")},
    (SELECT json_agg(json_build_object('id', e.id, 'type', e.type, 'occurredAt', e."occurredAt",
        'properties', e.properties) ORDER BY e."occurredAt", e.id)
      FROM "LeadEvent" e WHERE e."leadId" = l.id) AS events,
    (SELECT json_agg(json_build_object('id', q.id, 'framework', q.framework, 'points', q.points,
        'qualified', q.qualified, 'at', q."createdAt"))
      FROM "Qualification" q WHERE q."leadId" = l.id) AS quals,
    (SELECT json_agg(m.segment) FROM "SegmentMembership" m
      WHERE m."leadId" = l.id AND m."leftAt" IS NULL) AS segments,
    (SELECT json_agg(json_build_object('rule', s.rule, 'kind', s.kind, 'points', s.points,
        'currentPoints', s."currentPoints", 'eventId', s."eventId", 'at', s.at))
      FROM "ScoreEntry" s WHERE s."leadId" = l.id) AS receipt
  FROM "Lead" l WHERE l.id = ANY($1::uuid[])`,
);

const asObject = (v: unknown): Record<string, unknown> =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

export async function loadLeadState(tx: Tx, leadId: string): Promise<LeadState> {
  const state = (await loadLeadStates(tx, [leadId])).get(leadId);
  if (!state) throw new Error(`lead ${leadId} does not exist`);
  return state;
}

/**
 * Several leads in two round trips, locked in id order (a fixed order, so two transactions
 * locking overlapping sets wait for each other instead of deadlocking). Missing ids are absent.
 */
export async function loadLeadStates(tx: Tx, leadIds: string[]): Promise<Map<string, LeadState>> {
  await lockLeads.run(tx, leadIds);
  const rows = await readStates.run(tx, leadIds);
  return new Map(rows.map((row) => [row.id, toState(row)]));
}

function toState(row: Row): LeadState {
  const { events, quals, segments, receipt, totalScore, ownerSlackId, lostAt, claimDeadlineAt, ...rest } =
    row;
  const { isIql, mqlAt, sqlAt, ...lead } = rest;
  return {
    facts: { ...lead, attributes: asObject(lead.attributes) },
    totalScore,
    grade: row.grade,
    stage: row.stage,
    ownerSlackId,
    lostAt,
    claimDeadlineAt,
    isIql,
    mqlAt,
    sqlAt,
    events: (events ?? []).map((e) => ({
      id: e.id,
      type: e.type,
      occurredAt: parseUtcTimestamp(e.occurredAt),
      properties: asObject(e.properties),
    })),
    qualifications: (quals ?? []).map((q) => ({
      id: q.id,
      framework: q.framework,
      points: q.points,
      qualified: q.qualified,
      at: parseUtcTimestamp(q.at),
    })),
    segments: segments ?? [],
    receiptKeys: (receipt ?? []).map((e) => receiptKey({ ...e, at: parseUtcTimestamp(e.at) })),
  };
}
