-- CreateEnum
CREATE TYPE "manager_via" AS ENUM ('installer', 'slack_admin', 'added_by');

-- AlterTable
ALTER TABLE "member" ADD COLUMN     "manager_added_by" TEXT,
ADD COLUMN     "manager_removed_by" TEXT,
ADD COLUMN     "manager_since" TIMESTAMP(3),
ADD COLUMN     "manager_via" "manager_via",
ADD COLUMN     "slack_admin" BOOLEAN,
ADD COLUMN     "slack_admin_checked_at" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "slack_installation" ADD COLUMN     "installer_user_id" TEXT;
