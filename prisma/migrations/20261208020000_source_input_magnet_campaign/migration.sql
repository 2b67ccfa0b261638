-- Spend and visitors per lead magnet or campaign (issue 16): '' means "the whole source", so the
-- rows already stored keep their meaning and the key stays a plain unique index.
ALTER TABLE "SourceInput" ADD COLUMN "leadMagnet" TEXT NOT NULL DEFAULT '';
ALTER TABLE "SourceInput" ADD COLUMN "campaign" TEXT NOT NULL DEFAULT '';
DROP INDEX "SourceInput_source_periodStart_periodEnd_key";
CREATE UNIQUE INDEX "SourceInput_source_magnet_campaign_period_key"
  ON "SourceInput"("source", "leadMagnet", "campaign", "periodStart", "periodEnd");
