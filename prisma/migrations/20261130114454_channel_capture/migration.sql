-- CreateEnum
CREATE TYPE "touch_direction" AS ENUM ('customer', 'team');

-- AlterEnum
ALTER TYPE "touch_source" ADD VALUE 'channel';

-- AlterTable
ALTER TABLE "conversation" ADD COLUMN     "channel_id" TEXT,
ADD COLUMN     "direction" "touch_direction",
ADD COLUMN     "message_count" INTEGER;

-- CreateTable
CREATE TABLE "channel_link" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "channel_id" TEXT NOT NULL,
    "account_id" INTEGER NOT NULL,
    "linked_by" TEXT NOT NULL,
    "linked_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "channel_link_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "capture_settings" (
    "workspace_id" INTEGER NOT NULL,
    "snippets" BOOLEAN NOT NULL DEFAULT false,
    "give_emojis" TEXT[] DEFAULT ARRAY['gift']::TEXT[],
    "updated_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "capture_settings_pkey" PRIMARY KEY ("workspace_id")
);

-- CreateIndex
CREATE INDEX "channel_link_workspace_id_account_id_idx" ON "channel_link"("workspace_id", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "channel_link_workspace_id_channel_id_key" ON "channel_link"("workspace_id", "channel_id");

-- AddForeignKey
ALTER TABLE "channel_link" ADD CONSTRAINT "channel_link_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "channel_link" ADD CONSTRAINT "channel_link_workspace_id_account_id_fkey" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "account"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "capture_settings" ADD CONSTRAINT "capture_settings_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
