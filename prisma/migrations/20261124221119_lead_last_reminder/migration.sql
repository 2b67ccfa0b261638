-- AlterTable
ALTER TABLE "Lead" ADD COLUMN     "lastReminderAt" TIMESTAMP(3);

