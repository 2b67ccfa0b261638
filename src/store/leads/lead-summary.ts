// The lead as webhook replies show it (CONTRACT.md): id, email, stage, grade, score, owner.
import type { Tx } from "../db.ts";

export interface LeadSummary {
  id: string;
  email: string;
  stage: string;
  grade: string;
  score: { fit: number; engagement: number; total: number };
  ownerSlackId: string | null;
}

export type SummaryRow = {
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
  const [row] = await tx.sql.query<SummaryRow>(
    `SELECT id, email, stage, grade, "fitScore", "engagementScore", "totalScore", "ownerSlackId"
     FROM "Lead" WHERE id = $1::uuid`,
    [leadId],
  );
  if (!row) throw new Error(`lead ${leadId} does not exist`);
  return toLeadSummary(row);
}
