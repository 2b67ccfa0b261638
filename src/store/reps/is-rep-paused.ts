// Whether a rep is paused now (an unknown rep is not).
import type { Rep } from "../../generated/prisma/client.ts";
import type { Database } from "../db.ts";
import { statement } from "../statement.ts";

const select = statement<Pick<Rep, "paused">, [string]>(
  "selectRepPaused",
  ["paused"],
  `SELECT paused FROM "Rep" WHERE "slackId" = $1`,
);

export async function isRepPaused(opts: {
  db: Pick<Database, "transaction">;
  slackId: string;
}): Promise<boolean> {
  const [rep] = await opts.db.transaction((tx) => select.run(tx, opts.slackId));
  return rep?.paused === true;
}
