-- AlterTable
ALTER TABLE "Job" ADD COLUMN     "failures" TEXT,
ADD COLUMN     "pausedReason" TEXT,
ADD COLUMN     "pausedSince" TIMESTAMP(3);
