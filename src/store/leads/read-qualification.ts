// One qualification submission: the framework, every answer as given, the points and the verdict.
import type { Database } from "../db.ts";

export async function readQualification(opts: { db: Pick<Database, "prisma">; id: string }) {
  return opts.db.prisma.qualification.findUnique({
    where: { id: opts.id },
    select: { framework: true, answers: true, notes: true, byUserId: true, points: true, qualified: true },
  });
}
