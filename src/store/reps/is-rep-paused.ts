// Whether a rep is paused now (an unknown rep is not).
import type { Database } from "../db.ts";

export async function isRepPaused(opts: { db: Pick<Database, "prisma">; slackId: string }): Promise<boolean> {
  const rep = await opts.db.prisma.rep.findUnique({
    where: { slackId: opts.slackId },
    select: { paused: true },
  });
  return rep?.paused === true;
}
