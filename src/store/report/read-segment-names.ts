// The configured segments, so a report by segment lists each one, with zeros if need be.
import type { Segment } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

const segmentNames = statement<Pick<Segment, "name">, []>(
  "reportSegmentNames",
  ["name"],
  `SELECT name FROM "Segment" ORDER BY name`,
);

export async function readSegmentNames(tx: Tx): Promise<string[]> {
  return (await segmentNames.run(tx)).map((r) => r.name);
}
