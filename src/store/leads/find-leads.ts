// `/leads find <email or name>`: a lead id, an email (or its start, index-backed; `@domain` scans),
// or words of the name or company, case-insensitive. Forgotten leads (GDPR erasure) never show.
import type { AppContext } from "../../context.ts";
import { ValidationError } from "../../core/errors.ts";
import { isUuid } from "../../core/roles.ts";
import type { Prisma } from "../../generated/prisma/client.ts";

export interface FoundLead {
  id: string;
  name: string | null;
  email: string;
  company: string | null;
  stage: string;
  grade: string;
  total: number;
  ownerSlackId: string | null;
}

export async function findLeads(opts: {
  ctx: Pick<AppContext, "db">;
  query: string;
  limit?: number;
}): Promise<{ results: FoundLead[]; more: boolean }> {
  // Slack may wrap an email in <mailto:…|…>; people paste it as they see it.
  const query = opts.query
    .trim()
    .replace(/^<mailto:([^|>]+)(\|[^>]*)?>$/, "$1")
    .slice(0, 200);
  if (query.length < 2)
    throw new ValidationError("Give at least two characters: `/leads find <email or name>`", [
      { field: "query", message: "at least two characters" },
    ]);
  const limit = opts.limit ?? 10;
  let where: Prisma.LeadWhereInput;
  if (isUuid(query)) where = { id: query };
  else if (query.includes("@") && !query.startsWith("@"))
    // Emails are stored lower-cased; a prefix LIKE walks Lead_email_pattern_idx (text_pattern_ops)
    // instead of scanning every lead, as a contains/ILIKE would.
    where = { email: { startsWith: query.toLowerCase() } };
  else if (query.includes("@")) where = { email: { contains: query, mode: "insensitive" } };
  else {
    const words = query.split(/\s+/).filter(Boolean).slice(0, 5);
    where = {
      AND: words.map((w) => ({
        OR: [
          { name: { contains: w, mode: "insensitive" } },
          { firstName: { contains: w, mode: "insensitive" } },
          { lastName: { contains: w, mode: "insensitive" } },
          { company: { contains: w, mode: "insensitive" } },
          { email: { contains: w, mode: "insensitive" } },
        ],
      })),
    } satisfies Prisma.LeadWhereInput;
  }
  const rows = await opts.ctx.db.prisma.lead.findMany({
    where: { AND: [where, { forgottenAt: null }] },
    orderBy: [{ totalScore: "desc" }, { createdAt: "desc" }],
    take: limit + 1,
    select: {
      id: true,
      name: true,
      firstName: true,
      lastName: true,
      email: true,
      company: true,
      stage: true,
      grade: true,
      totalScore: true,
      ownerSlackId: true,
    },
  });
  return {
    more: rows.length > limit,
    results: rows.slice(0, limit).map((r) => ({
      id: r.id,
      name: r.name ?? ([r.firstName, r.lastName].filter(Boolean).join(" ") || null),
      email: r.email,
      company: r.company,
      stage: r.stage,
      grade: r.grade,
      total: r.totalScore,
      ownerSlackId: r.ownerSlackId,
    })),
  };
}
