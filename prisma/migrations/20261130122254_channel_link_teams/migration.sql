-- AlterTable
ALTER TABLE "channel_link" ADD COLUMN     "connected_team_ids" TEXT[];

-- CreateIndex
CREATE INDEX "channel_link_channel_id_idx" ON "channel_link"("channel_id");
