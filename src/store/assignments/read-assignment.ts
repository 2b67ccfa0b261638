// One assignment as it is now: whom the lead went to, by which route and method, why (the routing
// decision in `reason`), and whether it has ended.
import type { Database } from "../db.ts";

export async function readAssignment(opts: { db: Pick<Database, "prisma">; id: string }) {
  return opts.db.prisma.assignment.findUnique({ where: { id: opts.id } });
}
