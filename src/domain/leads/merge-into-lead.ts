// Stores a capture inside the caller's transaction: creates the lead, or locks the existing row
// and merges into it (merge-lead.ts). Safe when several instances capture the same new email at
// the same moment: the insert is ON CONFLICT DO NOTHING (createMany skipDuplicates), so the loser
// waits for the winner's commit, inserts nothing, then locks and merges into the winner's row. A
// failed INSERT would abort a PostgreSQL transaction, which is why no unique violation is caught.
import { randomUUID } from "node:crypto";
import type { Tx } from "../../db/client.ts";
import type { Prisma } from "../../generated/prisma/client.ts";
import {
  type LeadChanges,
  type LeadPatch,
  mergeLead,
  newLeadColumns,
  type StoredLead,
} from "./merge-lead.ts";

export interface StoredCapture {
  leadId: string;
  created: boolean;
  /** Changed fields with prior values; empty for a new lead or an update that adds nothing. */
  changes: LeadChanges;
}

const mergeSelect = {
  id: true,
  email: true,
  domain: true,
  source: true,
  externalId: true,
  firstName: true,
  lastName: true,
  name: true,
  phone: true,
  company: true,
  website: true,
  title: true,
  seniority: true,
  industry: true,
  companySize: true,
  annualRevenue: true,
  country: true,
  region: true,
  city: true,
  timezone: true,
  campaign: true,
  leadMagnet: true,
  funnelStage: true,
  consent: true,
  interests: true,
  attributes: true,
  occurredAt: true,
} as const;

/** `email` must already be normalised (normalizeEmail). */
export async function mergeIntoLead(tx: Tx, email: string, patch: LeadPatch): Promise<StoredCapture> {
  const id = randomUUID();
  const inserted = await tx.lead.createMany({
    data: [{ id, ...(newLeadColumns(email, patch) as Prisma.LeadCreateManyInput) }],
    skipDuplicates: true,
  });
  if (inserted.count === 1) return { leadId: id, created: true, changes: {} };

  // Row lock: two updates of one lead at once must not both read, merge and overwrite.
  const locked = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Lead" WHERE email = ${email} FOR UPDATE`;
  const leadId = locked[0]?.id;
  if (!leadId) throw new Error("lead vanished between insert and lock");
  const existing = await tx.lead.findUniqueOrThrow({ where: { id: leadId }, select: mergeSelect });
  const { data, changes } = mergeLead(existing as StoredLead, patch);
  if (Object.keys(changes).length > 0) {
    await tx.lead.update({
      where: { id: leadId },
      data: data as Prisma.LeadUpdateInput,
      select: { id: true },
    });
  }
  return { leadId, created: false, changes };
}
