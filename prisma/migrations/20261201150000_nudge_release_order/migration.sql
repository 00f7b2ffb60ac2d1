-- Equal priorities are released in the book's account order, not in nudge id order (ids
-- follow when a scan happened to write a row, so a resumed scan released other accounts).
-- DropIndex
DROP INDEX "nudge_workspace_id_assignee_id_status_priority_id_idx";

-- CreateIndex
CREATE INDEX "nudge_workspace_id_assignee_id_status_priority_account_id_i_idx" ON "nudge"("workspace_id", "assignee_id", "status", "priority" DESC, "account_id", "id");
