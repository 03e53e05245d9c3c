-- AlterTable
ALTER TABLE "Job" ADD COLUMN "failures" TEXT;
ALTER TABLE "Job" ADD COLUMN "pausedReason" TEXT;
ALTER TABLE "Job" ADD COLUMN "pausedSince" DATETIME;
