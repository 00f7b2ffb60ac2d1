-- DropForeignKey
ALTER TABLE "nudge" DROP CONSTRAINT "nudge_account_id_fkey";

-- DropForeignKey
ALTER TABLE "nudge" DROP CONSTRAINT "nudge_workspace_id_fkey";

-- CreateIndex
CREATE UNIQUE INDEX "account_workspace_id_id_key" ON "account"("workspace_id", "id");

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_workspace_id_account_id_fkey" FOREIGN KEY ("workspace_id", "account_id") REFERENCES "account"("workspace_id", "id") ON DELETE CASCADE ON UPDATE CASCADE;
