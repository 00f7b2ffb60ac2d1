-- CreateEnum
CREATE TYPE "nudge_resolution" AS ENUM ('touch', 'holding', 'churn');

-- AlterTable
ALTER TABLE "nudge" ADD COLUMN     "dismissed_at" TIMESTAMP(3),
ADD COLUMN     "resolution" "nudge_resolution",
ADD COLUMN     "resolution_detail" JSONB;
