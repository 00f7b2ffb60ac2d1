-- CreateIndex
CREATE INDEX "nudge_workspace_id_status_snoozed_until_idx" ON "nudge"("workspace_id", "status", "snoozed_until");
