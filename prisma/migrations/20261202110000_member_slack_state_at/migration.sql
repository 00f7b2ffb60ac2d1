-- When Slack said what member.deactivated_at holds (the user_change event's event_ts): an older
-- deactivation or reactivation that Slack delivers late (a retry) changes nothing
-- (data/member-departure.ts).
-- AlterTable
ALTER TABLE "member" ADD COLUMN "slack_state_at" TIMESTAMP(3);
