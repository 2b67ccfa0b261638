// Every score entry of a lead, oldest first: the lines of its score receipt.
import type { ScoreEntry } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Row = Pick<ScoreEntry, "rule" | "kind" | "points" | "currentPoints" | "at">;

const read = statement<Row, [string]>(
  "readScoreEntries",
  ["rule", "kind", "points", "currentPoints", "at"],
  `SELECT rule, kind, points, "currentPoints", at FROM "ScoreEntry" WHERE "leadId" = $1::uuid ORDER BY at`,
);

export async function readScoreEntries(opts: { db: Tx; leadId: string }): Promise<Row[]> {
  return read.run(opts.db, opts.leadId);
}
