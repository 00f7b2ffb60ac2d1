-- AlterTable
ALTER TABLE "nudge" ADD COLUMN     "content_hash" TEXT;
