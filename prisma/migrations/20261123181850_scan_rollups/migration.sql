-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "rollup_conversation_id" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "account_rollup" (
    "account_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "touch_count" INTEGER NOT NULL DEFAULT 0,
    "last_touch_at" TIMESTAMP(3),
    "median_gap_days" DOUBLE PRECISION,
    "recent_kinds" TEXT NOT NULL DEFAULT '',
    "next_step_conversation_id" INTEGER,
    "next_step" TEXT,
    "next_step_due" TIMESTAMP(3),
    "refreshed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "account_rollup_pkey" PRIMARY KEY ("account_id")
);

-- CreateTable
CREATE TABLE "scan_run" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "local_date" TEXT NOT NULL,
    "parts" INTEGER NOT NULL,
    "parts_done" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "context" JSONB NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finished_at" TIMESTAMP(3),
    "released" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "scan_run_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "account_rollup_workspace_id_account_id_idx" ON "account_rollup"("workspace_id", "account_id");

-- CreateIndex
CREATE UNIQUE INDEX "scan_run_workspace_id_local_date_key" ON "scan_run"("workspace_id", "local_date");

-- AddForeignKey
ALTER TABLE "account_rollup" ADD CONSTRAINT "account_rollup_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_rollup" ADD CONSTRAINT "account_rollup_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "scan_run" ADD CONSTRAINT "scan_run_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
