// One assignment as it is now: whom the lead went to, by which route and method, why (the routing
// decision in `reason`), and whether it has ended.
import type { Assignment } from "../../generated/prisma/client.ts";
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

const COLUMNS = [
  "id",
  "leadId",
  "repSlackId",
  "method",
  "route",
  "rule",
  "pool",
  "reason",
  "byUserId",
  "createdAt",
  "slaDueAt",
  "nudgedAt",
  "breachedAt",
  "endedAt",
  "endReason",
] as const satisfies readonly (keyof Assignment)[];

const select = statement<Pick<Assignment, (typeof COLUMNS)[number]>, [string]>(
  "selectAssignment",
  COLUMNS,
  `SELECT ${COLUMNS.map((c) => `"${c}"`).join(", ")} FROM "Assignment" WHERE id = $1::uuid`,
);

export async function readAssignment(opts: {
  db: Pick<Database, "transaction">;
  id: string;
}): Promise<Assignment | null> {
  const [row] = await opts.db.transaction((tx) => select.run(tx, opts.id));
  return row ?? null;
}
