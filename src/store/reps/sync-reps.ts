// Reps are declared in leadops.yml; their availability (away, paused, missed claims) lives in
// the database. At start the declared fields are written over, the availability is kept, and
// reps no longer in the file are marked inactive rather than deleted (their history stays).
import type { RepConfig } from "../../config/rules.ts";
import { utcTimestamp } from "../audit/audit.ts";
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

type UpsertParams = [
  string,
  string,
  number,
  number | null,
  string[],
  string[],
  string | null,
  string | null,
  string | null,
  string,
];

// Working hours left out of the file keep the ones stored (Prisma's upsert skipped an undefined
// field, and this keeps what it did).
const upsert = statement<Record<string, never>, UpsertParams>(
  "upsertDeclaredRep",
  [],
  `INSERT INTO "Rep" ("slackId", name, weight, capacity, industries, regions, seniority, timezone, "workingHours",
     active, "createdAt", "updatedAt")
   VALUES ($1, $2, $3, $4, $5::text[], $6::text[], $7, $8, $9::jsonb, true, $10::timestamp, $10::timestamp)
   ON CONFLICT ("slackId") DO UPDATE SET name = EXCLUDED.name, weight = EXCLUDED.weight,
     capacity = EXCLUDED.capacity, industries = EXCLUDED.industries, regions = EXCLUDED.regions,
     seniority = EXCLUDED.seniority, timezone = EXCLUDED.timezone,
     "workingHours" = COALESCE(EXCLUDED."workingHours", "Rep"."workingHours"), active = true,
     "updatedAt" = EXCLUDED."updatedAt"`,
);

const deactivate = statement<Record<string, never>, [string[], string]>(
  "deactivateUndeclaredReps",
  [],
  `UPDATE "Rep" SET active = false, "updatedAt" = $2::timestamp
   WHERE active AND NOT ("slackId" = ANY($1::text[]))`,
);

export async function syncReps({
  db,
  reps,
  at,
}: {
  db: Pick<Database, "transaction">;
  reps: RepConfig[];
  at: Date;
}): Promise<void> {
  const now = utcTimestamp(at);
  await db.transaction(async (tx) => {
    for (const rep of reps) {
      await upsert.run(
        tx,
        rep.slackId,
        rep.name,
        rep.weight,
        rep.capacity ?? null,
        rep.industries,
        rep.regions,
        rep.seniority ?? null,
        rep.timezone ?? null,
        rep.workingHours ? JSON.stringify(rep.workingHours) : null,
        now,
      );
    }
    await deactivate.run(
      tx,
      reps.map((r) => r.slackId),
      now,
    );
  });
}
