// One qualification submission: the framework, every answer as given, the points and the verdict.
import type { Qualification } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Row = Pick<Qualification, "framework" | "answers" | "notes" | "byUserId" | "points" | "qualified">;

const read = statement<Row, [string]>(
  "readQualification",
  ["framework", "answers", "notes", "byUserId", "points", "qualified"],
  `SELECT framework, answers, notes, "byUserId", points, qualified FROM "Qualification" WHERE id = $1::uuid`,
);

export async function readQualification(opts: { db: Tx; id: string }): Promise<Row | null> {
  const [row] = await read.run(opts.db, opts.id);
  return row ?? null;
}
