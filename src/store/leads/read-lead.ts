// GET /api/leads/:id: one lead with its score receipt, events, assignments, qualifications and
// history (stage/grade transitions and the audit log, oldest first).

import { NotFoundError } from "../../core/errors.ts";
import type { Database } from "../db.ts";
import { isUuid, type LeadView, toLeadView } from "./list-leads.ts";

export interface ReceiptEntry {
  rule: string;
  kind: string;
  points: number;
  currentPoints: number;
  eventId: string | null;
  at: Date;
}

export type HistoryEntry =
  | {
      type: "transition";
      at: Date;
      field: string;
      from: string | null;
      to: string;
      reason: string | null;
      actor: string;
    }
  | { type: "audit"; at: Date; action: string; actor: string; data: unknown };

export interface LeadDetail extends LeadView {
  segments: string[];
  receipt: ReceiptEntry[];
  events: unknown[];
  assignments: unknown[];
  qualifications: unknown[];
  outcomes: unknown[];
  history: HistoryEntry[];
}

export interface ReadLeadOptions {
  db: Pick<Database, "prisma">;
  id: string;
}

export async function readLead({ db, id }: ReadLeadOptions): Promise<LeadDetail> {
  // A malformed id is simply an unknown lead (404), never a database error.
  const lead = isUuid(id)
    ? await db.prisma.lead.findFirst({
        where: { id, forgottenAt: null },
        include: {
          scoreEntries: {
            orderBy: [{ at: "asc" }, { id: "asc" }],
            select: { rule: true, kind: true, points: true, currentPoints: true, eventId: true, at: true },
          },
          events: {
            orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
            select: {
              id: true,
              externalId: true,
              type: true,
              source: true,
              properties: true,
              occurredAt: true,
              receivedAt: true,
            },
          },
          assignments: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], omit: { leadId: true } },
          qualifications: { orderBy: [{ createdAt: "asc" }, { id: "asc" }], omit: { leadId: true } },
          outcomes: { orderBy: [{ occurredAt: "asc" }, { id: "asc" }], omit: { leadId: true } },
          memberships: { where: { leftAt: null }, orderBy: { segment: "asc" }, select: { segment: true } },
          transitions: { orderBy: [{ at: "asc" }, { id: "asc" }] },
        },
      })
    : null;
  if (!lead) throw new NotFoundError("No lead with this id");

  const auditRows = await db.prisma.auditLog.findMany({
    where: { entity: "lead", entityId: id },
    orderBy: [{ at: "asc" }, { id: "asc" }],
    select: { at: true, action: true, actor: true, data: true },
  });
  const history: HistoryEntry[] = [
    ...lead.transitions.map((t) => ({
      type: "transition" as const,
      at: t.at,
      field: t.field,
      from: t.from,
      to: t.to,
      reason: t.reason,
      actor: t.actor,
    })),
    ...auditRows.map((a) => ({
      type: "audit" as const,
      at: a.at,
      action: a.action,
      actor: a.actor,
      data: a.data,
    })),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());

  const {
    scoreEntries,
    events,
    assignments,
    qualifications,
    outcomes,
    memberships,
    transitions: _t,
    ...row
  } = lead;
  return {
    ...toLeadView(row),
    segments: memberships.map((m) => m.segment),
    receipt: scoreEntries,
    events,
    assignments,
    qualifications,
    outcomes: outcomes.map((o) => ({ ...o, amount: o.amount === null ? null : Number(o.amount) })),
    history,
  };
}
