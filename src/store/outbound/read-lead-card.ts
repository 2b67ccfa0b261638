// The lead as an outbound event shows it, read when the event is sent (README, Integrations).

import type { LeadCard } from "../../core/outbound/build-event-body.ts";
import type { Lead } from "../../generated/prisma/client.ts";
import type { Tx } from "../db.ts";
import { statement } from "../statement.ts";

type Row = Pick<
  Lead,
  | "id"
  | "email"
  | "name"
  | "company"
  | "title"
  | "source"
  | "fitScore"
  | "engagementScore"
  | "totalScore"
  | "grade"
  | "stage"
  | "ownerSlackId"
  | "segments"
  | "forgottenAt"
>;

const read = statement<Row, [ids: string[]]>(
  "readOutboundLeadCards",
  [
    "id",
    "email",
    "name",
    "company",
    "title",
    "source",
    "fitScore",
    "engagementScore",
    "totalScore",
    "grade",
    "stage",
    "ownerSlackId",
    "segments",
    "forgottenAt",
  ],
  `SELECT id::text AS id, email, name, company, title, source, "fitScore", "engagementScore", "totalScore",
     grade, stage, "ownerSlackId", segments, "forgottenAt"
   FROM "Lead" WHERE id = ANY($1::uuid[])`,
);

/** Cards by lead id; an erased lead (forgotten) has none: its data must not leave again. */
export async function readLeadCards(tx: Tx, ids: string[]): Promise<Map<string, LeadCard>> {
  const cards = new Map<string, LeadCard>();
  if (ids.length === 0) return cards;
  for (const r of await read.run(tx, ids)) {
    if (r.forgottenAt) continue;
    cards.set(r.id, {
      id: r.id,
      email: r.email,
      name: r.name,
      company: r.company,
      title: r.title,
      source: r.source,
      score: { fit: r.fitScore, engagement: r.engagementScore, total: r.totalScore },
      grade: r.grade,
      stage: r.stage,
      owner: r.ownerSlackId,
      segments: r.segments,
    });
  }
  return cards;
}
