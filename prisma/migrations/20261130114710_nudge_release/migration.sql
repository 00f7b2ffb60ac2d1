-- CreateTable
CREATE TABLE "nudge_release" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "assignee_key" INTEGER NOT NULL,
    "local_day" TEXT NOT NULL,
    "released" INTEGER NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nudge_release_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "nudge_release_workspace_id_assignee_key_local_day_key" ON "nudge_release"("workspace_id", "assignee_key", "local_day");

-- AddForeignKey
ALTER TABLE "nudge_release" ADD CONSTRAINT "nudge_release_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
