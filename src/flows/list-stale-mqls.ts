// The stale-MQL audience: marketing-qualified leads quiet for `followUp.mqlStaleDays` days.
// Behind GET /api/audiences/stale-mql and the weekly post to marketing (send-stale-mql-summary.ts).
// A lead leaves the list by itself when it acts again: nothing is stored about membership.
import { type StaleMqlList, type StaleMqlRow, staleBefore } from "../core/marketing/stale-mqls.ts";
import type { Database } from "../store/db.ts";
import { listStaleMqls as readPage, type StaleMqlDbRow } from "../store/leads/stale-mqls.ts";

const PAGE = 1000;

export async function listStaleMqls(o: {
  db: Pick<Database, "transaction">;
  staleDays: number;
  now: Date;
}): Promise<StaleMqlList> {
  const before = staleBefore(o.now, o.staleDays);
  const leads: StaleMqlRow[] = [];
  let after: string | null = null;
  for (;;) {
    const from: string | null = after;
    const rows: StaleMqlDbRow[] = await o.db.transaction((tx) =>
      readPage(tx, { before, after: from, limit: PAGE }),
    );
    leads.push(...rows.map(toRow));
    if (rows.length < PAGE) break;
    after = rows[rows.length - 1]?.id ?? null;
  }
  return { staleDays: o.staleDays, staleBefore: before.toISOString(), leads };
}

function toRow(r: StaleMqlDbRow): StaleMqlRow {
  return {
    id: r.id,
    email: r.email,
    name: r.name,
    company: r.company,
    segments: r.segments,
    score: r.score,
    mqlAt: r.mqlAt ? r.mqlAt.toISOString() : null,
    lastActivityAt: r.lastActivityAt.toISOString(),
    leadMagnet: r.leadMagnet,
    campaign: r.campaign,
    source: r.source,
  };
}
