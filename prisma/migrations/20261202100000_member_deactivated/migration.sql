-- When Slack deactivated the member (a user_change with deleted: true): a rep who left is no
-- account's owner, holds no nudge, and is matched by no import (data/member-departure.ts).
-- AlterTable
ALTER TABLE "member" ADD COLUMN "deactivated_at" TIMESTAMP(3);
