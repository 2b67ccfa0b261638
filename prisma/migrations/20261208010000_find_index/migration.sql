-- `/leads find` with an email looks it up by prefix (emails are stored lower-cased); the database
-- collation is not C, so the unique index cannot serve LIKE 'x%' and a pattern-ops index is needed.
CREATE INDEX "Lead_email_pattern_idx" ON "Lead"("email" text_pattern_ops);
