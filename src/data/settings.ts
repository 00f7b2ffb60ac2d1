// A workspace's settings: the columns the /tend settings modal edits.
import type { SettingsPatch } from '../domain/read-models.ts';
import { SHARED_OUT_BLOCK } from '../domain/vocabulary.ts';
import { liftBlock } from './nudge-delivery.ts';
import type { Queryable } from './sql.ts';

export async function saveSettings(db: Queryable, workspaceId: number, s: SettingsPatch): Promise<void> {
  // a manager changed the timezone: from now on no installer or member timezone replaces it
  // (saving other settings leaves the timezone's source alone);
  // a patch without a grouping or working days (a modal opened before they existed) leaves the column as it was
  await db.query(
    `update workspace set nudge_channel_id = $2, delivery_mode = $3::delivery_mode,
       delivery_grouping = coalesce($4::delivery_grouping, delivery_grouping), digest_user_ids = $5::text[],
       digest_channel_id = $6, digest_time = $7, timezone = $8, stall_factor = $9, stall_min_days = $10,
       stall_max_days = $11, default_rhythm_days = $12, daily_nudge_budget = $13, work_days = coalesce($14::int[], work_days),
       timezone_source = case when timezone is distinct from $8 then 'settings' else timezone_source end, updated_at = now() at time zone 'utc'
     where id = $1`,
    [
      workspaceId, s.nudgeChannelId, s.deliveryMode, s.deliveryGrouping ?? null, s.digestUserIds, s.digestChannelId,
      s.digestTime, s.timezone, s.stallFactor, s.stallMinDays, s.stallMaxDays, s.defaultRhythmDays, s.dailyNudgeBudget, s.workDays ?? null,
    ],
  );
  // a manager saving a channel is their word that Tend may post there again (a read-only channel
  // opened, an archive undone: Slack sends no event for either): a refusal recorded for it lifts,
  // and the next post tries; refused again, it is recorded and told anew. Not Tend's hold on a
  // channel shared with another organisation: the form comes back with the channel already in
  // it, so a save is no word about who may read it (the notice's button is)
  for (const channel of new Set([s.nudgeChannelId, s.digestChannelId])) {
    if (channel) await liftBlock(db, workspaceId, channel, new Date(), { except: SHARED_OUT_BLOCK });
  }
}
