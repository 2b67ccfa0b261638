-- Two report columns on the lead (docs/report.md "Speed"): a year's report read a million
-- trial events and joined a million segment memberships; both now come from the lead row.

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "trialStartedAt" TIMESTAMP(3),
ADD COLUMN     "segments" TEXT[] DEFAULT ARRAY[]::TEXT[];

-- Backfill: the first trial_started event of each lead, and its open memberships.
UPDATE "Lead" l SET "trialStartedAt" = t.first
FROM (SELECT "leadId", min("occurredAt") AS first FROM "LeadEvent"
      WHERE "type" = 'trial_started' GROUP BY 1) t
WHERE l.id = t."leadId";

UPDATE "Lead" l SET "segments" = m.segments
FROM (SELECT "leadId", array_agg(segment ORDER BY segment) AS segments FROM "SegmentMembership"
      WHERE "leftAt" IS NULL GROUP BY 1) m
WHERE l.id = m."leadId";

-- CreateIndex
CREATE INDEX "Lead_trialStartedAt_idx" ON "Lead"("trialStartedAt");
