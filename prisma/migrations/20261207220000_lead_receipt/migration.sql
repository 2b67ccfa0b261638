-- The score receipt posted in the lead's thread: where it is, so a score change edits it in place
-- (docs/decisions/0015).

-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "receiptTs" TEXT,
ADD COLUMN     "receiptThreadTs" TEXT;
