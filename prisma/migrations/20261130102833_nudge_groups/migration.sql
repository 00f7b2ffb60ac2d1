-- CreateEnum
CREATE TYPE "delivery_grouping" AS ENUM ('grouped', 'single');

-- AlterTable
ALTER TABLE "nudge" ADD COLUMN     "group_id" INTEGER;

-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "delivery_grouping" "delivery_grouping" NOT NULL DEFAULT 'single';

-- CreateTable
CREATE TABLE "nudge_group" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "assignee_key" INTEGER NOT NULL,
    "local_day" TEXT NOT NULL,
    "delivery_state" "delivery_state" NOT NULL DEFAULT 'pending',
    "delivery_error" TEXT,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nudge_group_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "nudge_group_workspace_id_assignee_key_local_day_key" ON "nudge_group"("workspace_id", "assignee_key", "local_day");

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "nudge_group"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge_group" ADD CONSTRAINT "nudge_group_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
