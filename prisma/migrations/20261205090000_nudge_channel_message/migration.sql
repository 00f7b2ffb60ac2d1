-- A reaction in a Slack Connect channel may arrive authorized for another installation than the
-- one whose nudge it is on (events/reactions.ts): the nudge is then found by its message alone,
-- across workspaces, before asking which of them see the event.
-- CreateIndex
CREATE INDEX "nudge_channel_id_message_ts_idx" ON "nudge"("channel_id", "message_ts");
