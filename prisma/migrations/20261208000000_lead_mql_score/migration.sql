-- The total score at the moment a lead became MQL: calibration bands leads by it (issue 16).
ALTER TABLE "Lead" ADD COLUMN "mqlScore" DOUBLE PRECISION;

-- Leads already past MQL: the receipt's points given up to mqlAt, the closest record kept of the
-- score at that moment (decay since then is not in `points`). Leads with no receipt line stay null
-- and are left out of calibration.
UPDATE "Lead" l SET "mqlScore" = s.total
FROM (
  SELECT e."leadId", sum(e.points) AS total
  FROM "ScoreEntry" e JOIN "Lead" l2 ON l2.id = e."leadId"
  WHERE l2."mqlAt" IS NOT NULL AND e.at <= l2."mqlAt"
  GROUP BY e."leadId"
) s
WHERE l.id = s."leadId";
