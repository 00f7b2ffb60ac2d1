-- AlterTable
ALTER TABLE "nudge" ADD COLUMN     "refresh_due_at" TIMESTAMP(3);

-- CreateIndex
CREATE INDEX "nudge_workspace_id_refresh_due_at_idx" ON "nudge"("workspace_id", "refresh_due_at");
