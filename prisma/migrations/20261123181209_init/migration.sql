-- CreateEnum
CREATE TYPE "workspace_status" AS ENUM ('active', 'inactive');

-- CreateEnum
CREATE TYPE "delivery_mode" AS ENUM ('channel', 'owner_dm');

-- CreateEnum
CREATE TYPE "member_role" AS ENUM ('rep', 'manager');

-- CreateEnum
CREATE TYPE "account_status" AS ENUM ('active', 'churned', 'prospect');

-- CreateEnum
CREATE TYPE "medium" AS ENUM ('call', 'meeting', 'email', 'chat', 'visit');

-- CreateEnum
CREATE TYPE "touch_kind" AS ENUM ('give', 'ask', 'neutral');

-- CreateEnum
CREATE TYPE "sentiment" AS ENUM ('positive', 'neutral', 'negative');

-- CreateEnum
CREATE TYPE "touch_source" AS ENUM ('command', 'modal', 'action', 'import');

-- CreateEnum
CREATE TYPE "offer_kind" AS ENUM ('trial', 'workshop', 'usage_review', 'benchmark_report', 'training', 'introduction');

-- CreateEnum
CREATE TYPE "nudge_kind" AS ENUM ('cross_sell', 'cooling', 'stalled', 'follow_up_due', 'at_risk');

-- CreateEnum
CREATE TYPE "nudge_status" AS ENUM ('queued', 'open', 'claimed', 'done', 'snoozed', 'dismissed', 'resolved');

-- CreateEnum
CREATE TYPE "delivery_state" AS ENUM ('pending', 'posting', 'posted', 'failed');

-- CreateEnum
CREATE TYPE "nudge_outcome" AS ENUM ('won', 'lost');

-- CreateTable
CREATE TABLE "workspace" (
    "id" SERIAL NOT NULL,
    "slack_team_id" TEXT NOT NULL,
    "slack_enterprise_id" TEXT,
    "name" TEXT,
    "status" "workspace_status" NOT NULL DEFAULT 'active',
    "timezone" TEXT NOT NULL DEFAULT 'UTC',
    "delivery_mode" "delivery_mode" NOT NULL DEFAULT 'channel',
    "nudge_channel_id" TEXT,
    "digest_channel_id" TEXT,
    "digest_user_ids" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "digest_time" TEXT NOT NULL DEFAULT '09:00',
    "stall_factor" DOUBLE PRECISION NOT NULL DEFAULT 2,
    "stall_min_days" INTEGER NOT NULL DEFAULT 14,
    "stall_max_days" INTEGER NOT NULL DEFAULT 90,
    "default_rhythm_days" INTEGER NOT NULL DEFAULT 30,
    "daily_nudge_budget" INTEGER NOT NULL DEFAULT 5,
    "escalate_after_hours" INTEGER NOT NULL DEFAULT 24,
    "win_window_days" INTEGER NOT NULL DEFAULT 60,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "workspace_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "member" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "slack_user_id" TEXT NOT NULL,
    "name" TEXT,
    "role" "member_role" NOT NULL DEFAULT 'rep',
    "timezone" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "member_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "owner_id" INTEGER,
    "segment" TEXT,
    "status" "account_status" NOT NULL DEFAULT 'active',
    "external_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "churned_at" TIMESTAMP(3),

    CONSTRAINT "account_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "account_alias" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "alias" TEXT NOT NULL,
    "alias_key" TEXT NOT NULL,

    CONSTRAINT "account_alias_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "product" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "name_key" TEXT NOT NULL,
    "list_mrr_cents" INTEGER NOT NULL DEFAULT 0,
    "position" INTEGER NOT NULL DEFAULT 0,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "offer" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "kind" "offer_kind" NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,

    CONSTRAINT "offer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "holding" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "product_id" INTEGER NOT NULL,
    "mrr_cents" INTEGER NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL,
    "ended_at" TIMESTAMP(3),
    "external_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "holding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "conversation" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "member_id" INTEGER,
    "occurred_at" TIMESTAMP(3) NOT NULL,
    "medium" "medium" NOT NULL DEFAULT 'chat',
    "summary" TEXT NOT NULL,
    "kind" "touch_kind" NOT NULL DEFAULT 'neutral',
    "sentiment" "sentiment",
    "next_step" TEXT,
    "next_step_due" TIMESTAMP(3),
    "source" "touch_source" NOT NULL DEFAULT 'command',
    "source_key" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "conversation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nudge" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "account_id" INTEGER NOT NULL,
    "kind" "nudge_kind" NOT NULL,
    "dedupe_key" TEXT NOT NULL,
    "status" "nudge_status" NOT NULL DEFAULT 'queued',
    "evidence" JSONB NOT NULL DEFAULT '{}',
    "suggestion" TEXT NOT NULL,
    "suggested_product_id" INTEGER,
    "offer_id" INTEGER,
    "priority" DOUBLE PRECISION NOT NULL DEFAULT 0,
    "value_at_stake_cents" BIGINT NOT NULL DEFAULT 0,
    "assignee_id" INTEGER,
    "claimed_by_id" INTEGER,
    "released_at" TIMESTAMP(3),
    "claimed_at" TIMESTAMP(3),
    "done_at" TIMESTAMP(3),
    "snoozed_until" TIMESTAMP(3),
    "snooze_reason" TEXT,
    "dismissed_reason" TEXT,
    "resolved_at" TIMESTAMP(3),
    "escalated_at" TIMESTAMP(3),
    "delivery_state" "delivery_state" NOT NULL DEFAULT 'pending',
    "delivery_error" TEXT,
    "channel_id" TEXT,
    "message_ts" TEXT,
    "outcome" "nudge_outcome",
    "outcome_value_cents" INTEGER,
    "outcome_at" TIMESTAMP(3),
    "last_scan_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "nudge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "nudge_event" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "nudge_id" INTEGER NOT NULL,
    "actor_user_id" TEXT,
    "action" TEXT NOT NULL,
    "detail" JSONB NOT NULL DEFAULT '{}',
    "dedupe_key" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "nudge_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_installation" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER,
    "install_key" TEXT NOT NULL,
    "team_id" TEXT,
    "enterprise_id" TEXT,
    "is_enterprise_install" BOOLEAN NOT NULL DEFAULT false,
    "bot_user_id" TEXT,
    "sealed" TEXT NOT NULL,
    "installed_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMP(3),

    CONSTRAINT "slack_installation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "digest_run" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "local_date" TEXT NOT NULL,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "sent_at" TIMESTAMP(3),

    CONSTRAINT "digest_run_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "slack_event" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "event_id" TEXT NOT NULL,
    "received_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "slack_event_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "delivery_block" (
    "id" SERIAL NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "target" TEXT NOT NULL,
    "error" TEXT NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "notified_at" TIMESTAMP(3),
    "cleared_at" TIMESTAMP(3),

    CONSTRAINT "delivery_block_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "workspace_slack_team_id_key" ON "workspace"("slack_team_id");

-- CreateIndex
CREATE INDEX "workspace_slack_enterprise_id_idx" ON "workspace"("slack_enterprise_id");

-- CreateIndex
CREATE UNIQUE INDEX "member_workspace_id_slack_user_id_key" ON "member"("workspace_id", "slack_user_id");

-- CreateIndex
CREATE INDEX "account_workspace_id_status_id_idx" ON "account"("workspace_id", "status", "id");

-- CreateIndex
CREATE INDEX "account_workspace_id_owner_id_idx" ON "account"("workspace_id", "owner_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_workspace_id_name_key_key" ON "account"("workspace_id", "name_key");

-- CreateIndex
CREATE UNIQUE INDEX "account_workspace_id_external_id_key" ON "account"("workspace_id", "external_id");

-- CreateIndex
CREATE INDEX "account_alias_account_id_idx" ON "account_alias"("account_id");

-- CreateIndex
CREATE UNIQUE INDEX "account_alias_workspace_id_alias_key_key" ON "account_alias"("workspace_id", "alias_key");

-- CreateIndex
CREATE UNIQUE INDEX "product_workspace_id_name_key_key" ON "product"("workspace_id", "name_key");

-- CreateIndex
CREATE INDEX "offer_workspace_id_product_id_idx" ON "offer"("workspace_id", "product_id");

-- CreateIndex
CREATE INDEX "holding_workspace_id_account_id_idx" ON "holding"("workspace_id", "account_id");

-- CreateIndex
CREATE INDEX "holding_workspace_id_product_id_idx" ON "holding"("workspace_id", "product_id");

-- CreateIndex
CREATE UNIQUE INDEX "holding_workspace_id_external_id_key" ON "holding"("workspace_id", "external_id");

-- CreateIndex
CREATE INDEX "conversation_workspace_id_account_id_occurred_at_idx" ON "conversation"("workspace_id", "account_id", "occurred_at");

-- CreateIndex
CREATE INDEX "conversation_workspace_id_member_id_occurred_at_idx" ON "conversation"("workspace_id", "member_id", "occurred_at");

-- CreateIndex
CREATE UNIQUE INDEX "conversation_workspace_id_source_key_key" ON "conversation"("workspace_id", "source_key");

-- CreateIndex
CREATE INDEX "nudge_workspace_id_status_priority_idx" ON "nudge"("workspace_id", "status", "priority");

-- CreateIndex
CREATE INDEX "nudge_workspace_id_account_id_idx" ON "nudge"("workspace_id", "account_id");

-- CreateIndex
CREATE INDEX "nudge_workspace_id_assignee_id_status_idx" ON "nudge"("workspace_id", "assignee_id", "status");

-- CreateIndex
CREATE INDEX "nudge_workspace_id_channel_id_message_ts_idx" ON "nudge"("workspace_id", "channel_id", "message_ts");

-- CreateIndex
CREATE UNIQUE INDEX "nudge_workspace_id_dedupe_key_key" ON "nudge"("workspace_id", "dedupe_key");

-- CreateIndex
CREATE INDEX "nudge_event_nudge_id_idx" ON "nudge_event"("nudge_id");

-- CreateIndex
CREATE UNIQUE INDEX "nudge_event_workspace_id_dedupe_key_key" ON "nudge_event"("workspace_id", "dedupe_key");

-- CreateIndex
CREATE UNIQUE INDEX "slack_installation_install_key_key" ON "slack_installation"("install_key");

-- CreateIndex
CREATE UNIQUE INDEX "digest_run_workspace_id_local_date_key" ON "digest_run"("workspace_id", "local_date");

-- CreateIndex
CREATE UNIQUE INDEX "slack_event_workspace_id_event_id_key" ON "slack_event"("workspace_id", "event_id");

-- CreateIndex
CREATE UNIQUE INDEX "delivery_block_workspace_id_target_key" ON "delivery_block"("workspace_id", "target");

-- AddForeignKey
ALTER TABLE "member" ADD CONSTRAINT "member_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account" ADD CONSTRAINT "account_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_alias" ADD CONSTRAINT "account_alias_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_alias" ADD CONSTRAINT "account_alias_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "product" ADD CONSTRAINT "product_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "offer" ADD CONSTRAINT "offer_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holding" ADD CONSTRAINT "holding_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holding" ADD CONSTRAINT "holding_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "holding" ADD CONSTRAINT "holding_product_id_fkey" FOREIGN KEY ("product_id") REFERENCES "product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "conversation" ADD CONSTRAINT "conversation_member_id_fkey" FOREIGN KEY ("member_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_suggested_product_id_fkey" FOREIGN KEY ("suggested_product_id") REFERENCES "product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_offer_id_fkey" FOREIGN KEY ("offer_id") REFERENCES "offer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge" ADD CONSTRAINT "nudge_claimed_by_id_fkey" FOREIGN KEY ("claimed_by_id") REFERENCES "member"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge_event" ADD CONSTRAINT "nudge_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "nudge_event" ADD CONSTRAINT "nudge_event_nudge_id_fkey" FOREIGN KEY ("nudge_id") REFERENCES "nudge"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_installation" ADD CONSTRAINT "slack_installation_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "digest_run" ADD CONSTRAINT "digest_run_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "slack_event" ADD CONSTRAINT "slack_event_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "delivery_block" ADD CONSTRAINT "delivery_block_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;
