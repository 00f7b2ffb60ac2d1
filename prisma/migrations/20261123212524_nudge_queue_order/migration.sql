-- DropIndex
DROP INDEX "nudge_workspace_id_assignee_id_status_idx";

-- CreateIndex
CREATE INDEX "nudge_workspace_id_assignee_id_status_priority_id_idx" ON "nudge"("workspace_id", "assignee_id", "status", "priority" DESC, "id");
