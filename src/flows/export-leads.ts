// `leadops export` and `/leads export`: the leads created in a period as CSV, read in keyset
// batches so a large export never holds every lead in memory.

import { ValidationError } from "../core/errors.ts";
import { csvLine } from "../core/reporting/csv.ts";
import type { Period } from "../core/reporting/period.ts";
import type { Database } from "../store/db.ts";

export const EXPORT_COLUMNS = [
  "id",
  "email",
  "firstName",
  "lastName",
  "name",
  "phone",
  "company",
  "domain",
  "website",
  "title",
  "seniority",
  "industry",
  "companySize",
  "country",
  "region",
  "city",
  "source",
  "campaign",
  "leadMagnet",
  "stage",
  "isIql",
  "grade",
  "fitScore",
  "engagementScore",
  "totalScore",
  "ownerSlackId",
  "createdAt",
  "mqlAt",
  "sqlAt",
  "assignedAt",
  "claimedAt",
  "firstResponseAt",
  "qualifiedAt",
  "convertedAt",
  "lostAt",
] as const;

export interface ExportLeadsOptions {
  db: Pick<Database, "prisma">;
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
  let after: { createdAt: Date; id: string } | undefined;
  const select = Object.fromEntries(EXPORT_COLUMNS.map((c) => [c, true])) as Record<
    (typeof EXPORT_COLUMNS)[number],
    true
  >;
  for (;;) {
    const rows = await db.prisma.lead.findMany({
      where: {
        createdAt: { gte: period.from, lt: period.to },
        forgottenAt: null,
        ...(after
          ? {
              OR: [
                { createdAt: { gt: after.createdAt } },
                { createdAt: after.createdAt, id: { gt: after.id } },
              ],
            }
          : {}),
      },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      take: batchSize,
      select,
    });
    if (rows.length === 0) return;
    yield rows
      .map((r) => `${csvLine(EXPORT_COLUMNS.map((c) => (r as Record<string, unknown>)[c]))}\r\n`)
      .join("");
    const last = rows[rows.length - 1]!;
    after = { createdAt: last.createdAt, id: last.id };
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
