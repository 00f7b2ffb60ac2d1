-- The waiting accounts of most value at stake, read off an index: every incremental scan's line
-- step read all of a workspace's waiting accounts to find five.
-- CreateIndex
CREATE INDEX "account_scan_workspace_id_waiting_value_cents_account_id_idx" ON "account_scan"("workspace_id", "waiting_value_cents" DESC, "account_id");
