// The lead as webhook replies show it (CONTRACT.md): id, email, stage, grade, score, owner.
import type { Tx } from "../../db/client.ts";

export interface LeadSummary {
  id: string;
  email: string;
  stage: string;
  grade: string;
  score: { fit: number; engagement: number; total: number };
  ownerSlackId: string | null;
}

export const leadSummarySelect = {
  id: true,
  email: true,
  stage: true,
  grade: true,
  fitScore: true,
  engagementScore: true,
  totalScore: true,
  ownerSlackId: true,
} as const;

type SummaryRow = {
  id: string;
  email: string;
  stage: string;
  grade: string;
  fitScore: number;
  engagementScore: number;
  totalScore: number;
  ownerSlackId: string | null;
};

export function toLeadSummary(row: SummaryRow): LeadSummary {
  return {
    id: row.id,
    email: row.email,
    stage: row.stage,
    grade: row.grade,
    score: { fit: row.fitScore, engagement: row.engagementScore, total: row.totalScore },
    ownerSlackId: row.ownerSlackId,
  };
}

export async function readLeadSummary(tx: Tx, leadId: string): Promise<LeadSummary> {
  return toLeadSummary(await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: leadSummarySelect }));
}
