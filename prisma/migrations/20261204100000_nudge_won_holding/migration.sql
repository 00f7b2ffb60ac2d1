-- The holding that won a nudge: one purchase is one win, however many done nudges on the
-- account could claim it (data/nudge-sweep.ts markWins). The unique key holds it to that.
-- AlterTable
ALTER TABLE "nudge" ADD COLUMN "won_holding_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "nudge_workspace_id_won_holding_id_key" ON "nudge"("workspace_id", "won_holding_id");
