// The leads export, one keyset batch at a time: leads created in the period (forgotten ones
// left out), in (createdAt, id) order, so a large export never holds every lead in memory.
import { EXPORT_COLUMNS, type ExportColumn } from "../../core/reporting/export-columns.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";
import { type PeriodRange, rangeParams } from "./report-sql.ts";

export type ExportRow = Pick<Lead, ExportColumn>;

const SELECT = `SELECT ${EXPORT_COLUMNS.map((c) => `"${c}"`).join(", ")}
FROM "Lead"
WHERE "createdAt" >= $1::timestamp AND "createdAt" < $2::timestamp AND "forgottenAt" IS NULL`;
const ORDER = `ORDER BY "createdAt", id`;

const firstBatch = statement<ExportRow, [from: string, to: string, limit: number]>(
  "exportLeadsFirstBatch",
  EXPORT_COLUMNS,
  `${SELECT}
${ORDER} LIMIT $3`,
);

const nextBatch = statement<
  ExportRow,
  [from: string, to: string, limit: number, afterAt: string, afterId: string]
>(
  "exportLeadsNextBatch",
  EXPORT_COLUMNS,
  `${SELECT}
  AND ("createdAt" > $4::timestamp OR ("createdAt" = $4::timestamp AND id > $5::uuid))
${ORDER} LIMIT $3`,
);

/** Up to `limit` leads of the period, after the lead `after` (the last of the previous batch). */
export function readExportBatch(
  tx: Tx,
  o: { range: PeriodRange; limit: number; after?: Pick<Lead, "createdAt" | "id"> | undefined },
): Promise<ExportRow[]> {
  const [from, to] = rangeParams(o.range);
  return o.after
    ? nextBatch.run(tx, from, to, o.limit, o.after.createdAt.toISOString(), o.after.id)
    : firstBatch.run(tx, from, to, o.limit);
}
