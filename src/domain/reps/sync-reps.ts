// Reps are declared in leadops.yml; their availability (away, paused, missed claims) lives in
// the database. At start the declared fields are written over, the availability is kept, and
// reps no longer in the file are marked inactive rather than deleted (their history stays).
import type { RepConfig } from "../../config/rules.ts";
import type { Db } from "../../db/client.ts";

export async function syncReps({ prisma, reps }: { prisma: Db; reps: RepConfig[] }): Promise<void> {
  await prisma.$transaction(async (tx) => {
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
      await tx.rep.upsert({
        where: { slackId: rep.slackId },
        create: { slackId: rep.slackId, ...declared },
        update: declared,
      });
    }
    await tx.rep.updateMany({
      where: { slackId: { notIn: reps.map((r) => r.slackId) }, active: true },
      data: { active: false },
    });
  });
}
