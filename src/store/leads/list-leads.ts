// GET /api/leads: filtered, newest first, keyset-paginated on (createdAt, id) so a page is as
// fast on the millionth lead as on the first and stays stable while leads keep arriving.
import { z } from "zod";
import { ValidationError } from "../../core/errors.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import type { Database } from "../db.ts";

export const listLeadsQuerySchema = z
  .object({
    email: z.string().trim().min(1).max(320).optional(),
    stage: z.enum(["lead", "mql", "sql", "customer", "nurture", "disqualified"]).optional(),
    grade: z.enum(["cold", "warm", "hot"]).optional(),
    owner: z.string().trim().min(1).max(64).optional(),
    segment: z.string().trim().min(1).max(200).optional(),
    limit: z.coerce
      .number({ error: "must be a number" })
      .int("must be a whole number")
      .min(1, "must be at least 1")
      .max(500, "must be at most 500")
      .default(50),
    cursor: z.string().trim().min(1).max(500).optional(),
  })
  .strict();

export type ListLeadsQuery = z.infer<typeof listLeadsQuerySchema>;

interface Cursor {
  createdAt: Date;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify({ c: cursor.createdAt.toISOString(), i: cursor.id })).toString(
    "base64url",
  );
}

export function decodeCursor(text: string): Cursor {
  try {
    const raw = JSON.parse(Buffer.from(text, "base64url").toString("utf8")) as { c?: unknown; i?: unknown };
    const createdAt = new Date(String(raw.c));
    if (
      typeof raw.c === "string" &&
      typeof raw.i === "string" &&
      isUuid(raw.i) &&
      !Number.isNaN(createdAt.getTime())
    ) {
      return { createdAt, id: raw.i };
    }
  } catch {
    // Falls through to the validation error below.
  }
  throw new ValidationError("The cursor is not valid", [
    { field: "cursor", message: "must be a nextCursor value returned by this API" },
  ]);
}

export type LeadRow = Prisma.LeadGetPayload<Record<string, never>>;

export type LeadView = LeadRow & { score: { fit: number; engagement: number; total: number } };

export function toLeadView(row: LeadRow): LeadView {
  return { ...row, score: { fit: row.fitScore, engagement: row.engagementScore, total: row.totalScore } };
}

export interface ListLeadsOptions {
  db: Pick<Database, "prisma">;
  query: ListLeadsQuery;
}

export async function listLeads({ db, query }: ListLeadsOptions): Promise<{
  leads: LeadView[];
  nextCursor: string | null;
}> {
  const cursor = query.cursor ? decodeCursor(query.cursor) : undefined;
  const where: Prisma.LeadWhereInput = {
    forgottenAt: null,
    ...(query.email ? { email: query.email.toLowerCase() } : {}),
    ...(query.stage ? { stage: query.stage } : {}),
    ...(query.grade ? { grade: query.grade } : {}),
    ...(query.owner ? { ownerSlackId: query.owner } : {}),
    ...(query.segment ? { memberships: { some: { segment: query.segment, leftAt: null } } } : {}),
    ...(cursor
      ? {
          OR: [
            { createdAt: { lt: cursor.createdAt } },
            { createdAt: cursor.createdAt, id: { lt: cursor.id } },
          ],
        }
      : {}),
  };
  // One extra row tells whether there is a next page without a count(*).
  const rows = await db.prisma.lead.findMany({
    where,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    leads: page.map(toLeadView),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}
