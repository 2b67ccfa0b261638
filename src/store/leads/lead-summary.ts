// The lead as webhook replies show it (CONTRACT.md): id, email, stage, grade, score, owner.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export interface LeadSummary {
  id: string;
  email: string;
  stage: string;
  grade: string;
  score: { fit: number; engagement: number; total: number };
  ownerSlackId: string | null;
}

export type SummaryRow = Pick<
  Lead,
  "id" | "email" | "stage" | "grade" | "fitScore" | "engagementScore" | "totalScore" | "ownerSlackId"
>;

const summary = statement<SummaryRow, [string]>(
  "readLeadSummary",
  ["id", "email", "stage", "grade", "fitScore", "engagementScore", "totalScore", "ownerSlackId"],
  `SELECT id, email, stage, grade, "fitScore", "engagementScore", "totalScore", "ownerSlackId"
   FROM "Lead" WHERE id = $1::uuid`,
);

const exists = statement<Pick<Lead, "id">, [string]>(
  "findLeadId",
  ["id"],
  `SELECT id FROM "Lead" WHERE id = $1::uuid`,
);

/** The id as stored (lower case) when a lead has it; the id must be a uuid. */
export async function findLeadId(tx: Tx, leadId: string): Promise<string | undefined> {
  const [row] = await exists.run(tx, leadId);
  return row?.id;
}

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
  const [row] = await summary.run(tx, leadId);
  if (!row) throw new Error(`lead ${leadId} does not exist`);
  return toLeadSummary(row);
}
