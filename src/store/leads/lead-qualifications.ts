// Qualification submissions (CHAMP by default): the lead they are for, the latest answers to
// prefill the modal, a new submission, and the lead's "qualifiedAt".
import type { Lead, Qualification } from "../../generated/prisma/client.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const byId = statement<Pick<Lead, "id">, [string]>(
  "findQualifiableLeadById",
  ["id"],
  `SELECT id FROM "Lead" WHERE id = $1::uuid`,
);

const byEmail = statement<Pick<Lead, "id">, [string]>(
  "findQualifiableLeadByEmail",
  ["id"],
  `SELECT id FROM "Lead" WHERE lower(email) = lower($1) AND "forgottenAt" IS NULL LIMIT 1`,
);

/** The lead `/leads qualify <ref>` names: by id (`isId`), else by email, ignoring case. */
export async function findLeadByRef(tx: Tx, ref: string, isId: boolean): Promise<string | undefined> {
  const [row] = isId ? await byId.run(tx, ref) : await byEmail.run(tx, ref);
  return row?.id;
}

const latest = statement<Pick<Qualification, "answers" | "notes">, [string, string]>(
  "readLatestQualification",
  ["answers", "notes"],
  `SELECT answers, notes FROM "Qualification"
   WHERE "leadId" = $1::uuid AND framework = $2
   ORDER BY "createdAt" DESC LIMIT 1`,
);

export async function readLatestQualification(
  tx: Tx,
  o: { leadId: string; framework: string },
): Promise<Pick<Qualification, "answers" | "notes"> | undefined> {
  const [row] = await latest.run(tx, o.leadId, o.framework);
  return row;
}

const insert = statement<
  Pick<Qualification, "id">,
  [string, string, string, string | null, number, boolean, string, string]
>(
  "insertQualification",
  ["id"],
  `INSERT INTO "Qualification" (id, "leadId", framework, answers, notes, points, qualified, "byUserId", "createdAt")
   VALUES (gen_random_uuid(), $1::uuid, $2, $3::jsonb, $4, $5, $6, $7, $8::timestamp)
   RETURNING id`,
);

const touch = statement<Record<string, never>, [string, string, boolean]>(
  "markLeadQualified",
  [],
  `UPDATE "Lead" SET "lastActivityAt" = $2::timestamp, "updatedAt" = $2::timestamp,
     "qualifiedAt" = CASE WHEN $3::bool THEN $2::timestamp ELSE "qualifiedAt" END
   WHERE id = $1::uuid`,
);

/** One submission, and the lead's activity (and "qualifiedAt" when it qualifies). */
export async function recordQualification(
  tx: Tx,
  q: {
    leadId: string;
    framework: string;
    answers: object;
    notes: string | null;
    points: number;
    qualified: boolean;
    by: string;
    at: Date;
  },
): Promise<{ id: string }> {
  const at = utcTimestamp(q.at);
  const [row] = await insert.run(
    tx,
    q.leadId,
    q.framework,
    JSON.stringify(q.answers),
    q.notes,
    q.points,
    q.qualified,
    q.by,
    at,
  );
  if (!row) throw new Error("the qualification was not stored");
  await touch.run(tx, q.leadId, at, q.qualified);
  return row;
}
