// `leadops export` and `/leads export`: the leads created in a period as CSV, read in keyset
// batches so a large export never holds every lead in memory.

import { ValidationError } from "../core/errors.ts";
import { csvLine } from "../core/reporting/csv.ts";
import { EXPORT_COLUMNS } from "../core/reporting/export-columns.ts";
import type { Period } from "../core/reporting/period.ts";
import type { Database } from "../store/db.ts";
import { type ExportRow, readExportBatch } from "../store/report/read-export-batch.ts";

export interface ExportLeadsOptions {
  db: Pick<Database, "transaction">;
  period: Pick<Period, "from" | "to">;
  batchSize?: number;
}

/** Yields the CSV text in chunks: the header line, then one chunk per batch of leads. */
export async function* streamLeadsCsv({
  db,
  period,
  batchSize = 1000,
}: ExportLeadsOptions): AsyncGenerator<string> {
  yield `${csvLine([...EXPORT_COLUMNS])}\r\n`;
  const range = { from: period.from, to: period.to };
  let after: ExportRow | undefined;
  for (;;) {
    const rows = await db.transaction((tx) => readExportBatch(tx, { range, limit: batchSize, after }));
    if (rows.length === 0) return;
    yield rows.map((r) => `${csvLine(EXPORT_COLUMNS.map((c) => r[c]))}\r\n`).join("");
    after = rows[rows.length - 1];
    if (rows.length < batchSize) return;
  }
}

/** Above this, `/leads export` refuses and points to the CLI, which streams. */
export const MAX_SLACK_EXPORT_BYTES = 20 * 1024 * 1024;

/**
 * The whole export as one string (Slack file uploads). Refused past `maxBytes`: the string is held
 * in memory, and the server runs with a capped heap (README, "Memory").
 */
export async function exportLeadsCsv(options: ExportLeadsOptions & { maxBytes?: number }): Promise<string> {
  const maxBytes = options.maxBytes ?? MAX_SLACK_EXPORT_BYTES;
  let out = "";
  for await (const chunk of streamLeadsCsv(options)) {
    out += chunk;
    if (out.length > maxBytes) {
      throw new ValidationError(
        `This export is larger than ${Math.round(maxBytes / 1024 / 1024)} MB, too large to send through Slack: ` +
          "run `npx leadops export` with the same period on the server, or use GET /api/leads.",
      );
    }
  }
  return out;
}
