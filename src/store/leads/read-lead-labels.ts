// The few fields a summary shows per lead (name, company, grade, stage, score), for many leads in
// one statement: an alert summary lists up to 45 leads. Forgotten leads are left out.
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

export type LeadLabel = Pick<
  Lead,
  "id" | "email" | "name" | "firstName" | "lastName" | "company" | "grade" | "stage" | "totalScore"
>;

const read = statement<LeadLabel, [ids: string[]]>(
  "readLeadLabels",
  ["id", "email", "name", "firstName", "lastName", "company", "grade", "stage", "totalScore"],
  `SELECT id::text AS id, email, name, "firstName", "lastName", company, grade, stage, "totalScore"
   FROM "Lead" WHERE id = ANY($1::uuid[]) AND "forgottenAt" IS NULL`,
);

/** The leads found, by id (ids of leads that are gone or forgotten are absent). */
export async function readLeadLabels(db: Tx, ids: readonly string[]): Promise<Map<string, LeadLabel>> {
  if (ids.length === 0) return new Map();
  const rows = await read.run(db, [...ids]);
  return new Map(rows.map((r) => [r.id, { ...r, totalScore: Number(r.totalScore) }]));
}
