// Reps are declared in leadops.yml; their availability (away, paused, missed claims) lives in
// the database. At start the declared fields are written over, the availability is kept, and
// reps no longer in the file are marked inactive rather than deleted (their history stays).
import type { RepConfig } from "../../config/rules.ts";
import type { Database } from "../db.ts";

export async function syncReps({
  db,
  reps,
}: {
  db: Pick<Database, "modelTransaction">;
  reps: RepConfig[];
}): Promise<void> {
  await db.modelTransaction(async (tx) => {
    for (const rep of reps) {
      const declared = {
        name: rep.name,
        weight: rep.weight,
        capacity: rep.capacity ?? null,
        industries: rep.industries,
        regions: rep.regions,
        seniority: rep.seniority ?? null,
        timezone: rep.timezone ?? null,
        workingHours: rep.workingHours ?? undefined,
        active: true,
      };
      await tx.prisma.rep.upsert({
        where: { slackId: rep.slackId },
        create: { slackId: rep.slackId, ...declared },
        update: declared,
      });
    }
    await tx.prisma.rep.updateMany({
      where: { slackId: { notIn: reps.map((r) => r.slackId) }, active: true },
      data: { active: false },
    });
  });
}
