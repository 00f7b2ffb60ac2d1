// Channels linked to accounts (issue 16) and each workspace's capture settings. Every query
// is scoped by workspace; the one by Slack team (what the HTTP edge's cache loads) joins the
// workspace of that team and nothing else.
import { DEFAULT_GIVE_EMOJIS } from '../domain/capture.ts';
import { fromMs, type Queryable } from './sql.ts';

export type ChannelLinkRow = { channelId: string; accountId: number; accountName: string };

/**
 * Links a channel to an account; a channel already linked moves to the new account. Returns
 * the account it was linked to before (null when it was not), so the answer can say so.
 */
export async function linkChannel(
  db: Queryable, workspaceId: number, channelId: string, accountId: number, linkedBy: string, connectedTeamIds: string[] | null = null,
): Promise<{ previousAccountId: number | null }> {
  const { rows } = await db.query<{ previous: number | null }>(
    `with old as (select account_id from channel_link where workspace_id = $1 and channel_id = $2)
     insert into channel_link (workspace_id, channel_id, account_id, linked_by, linked_at, connected_team_ids)
     values ($1, $2, $3, $4, now() at time zone 'utc', $5::text[])
     on conflict (workspace_id, channel_id) do update set account_id = excluded.account_id, linked_by = excluded.linked_by,
       linked_at = excluded.linked_at, connected_team_ids = excluded.connected_team_ids
     returning (select account_id from old) as previous`,
    [workspaceId, channelId, accountId, linkedBy, connectedTeamIds],
  );
  return { previousAccountId: rows[0]?.previous ?? null };
}

/** Unlinks a channel; the account it was linked to, or null when it was not linked. */
export async function unlinkChannel(db: Queryable, workspaceId: number, channelId: string): Promise<{ accountId: number; accountName: string } | null> {
  const { rows } = await db.query<{ accountId: number; accountName: string }>(
    `with gone as (delete from channel_link where workspace_id = $1 and channel_id = $2 returning account_id)
     select g.account_id as "accountId", a.name as "accountName" from gone g join account a on a.workspace_id = $1 and a.id = g.account_id`,
    [workspaceId, channelId],
  );
  return rows[0] ?? null;
}

/** The account a channel is linked to in this workspace. */
export async function linkedAccount(db: Queryable, workspaceId: number, channelId: string): Promise<ChannelLinkRow | null> {
  const { rows } = await db.query<ChannelLinkRow>(
    `select l.channel_id as "channelId", l.account_id as "accountId", a.name as "accountName"
     from channel_link l join account a on a.workspace_id = l.workspace_id and a.id = l.account_id
     where l.workspace_id = $1 and l.channel_id = $2`,
    [workspaceId, channelId],
  );
  return rows[0] ?? null;
}

/** Every channel linked in the workspace of a Slack team (what the edge's cache holds). */
export async function linkedChannelIdsOfTeam(db: Queryable, teamId: string): Promise<string[]> {
  const { rows } = await db.query<{ channelId: string }>(
    `select l.channel_id as "channelId" from channel_link l join workspace w on w.id = l.workspace_id
     where w.slack_team_id = $1 and w.status = 'active'`,
    [teamId],
  );
  return rows.map((r) => r.channelId);
}

/** The Slack teams of the active workspaces that linked a channel (what the edge asks of a shared channel). */
export async function teamsLinkingChannel(db: Queryable, channelId: string): Promise<string[]> {
  const { rows } = await db.query<{ teamId: string }>(
    `select w.slack_team_id as "teamId" from channel_link l join workspace w on w.id = l.workspace_id
     where l.channel_id = $1 and w.status = 'active'`,
    [channelId],
  );
  return rows.map((r) => r.teamId);
}

/** An account's linked channels for its card, each with its latest captured touch. */
export async function channelsOfAccount(db: Queryable, workspaceId: number, accountId: number, limit = 10): Promise<{ channelId: string; lastTouchAt: Date | null }[]> {
  const { rows } = await db.query<{ channelId: string; lastMs: number | null }>(
    `select l.channel_id as "channelId",
            (select (extract(epoch from max(c.occurred_at)) * 1000)::float8 from conversation c
             where c.workspace_id = $1 and c.account_id = $2 and c.channel_id = l.channel_id) as "lastMs"
     from channel_link l where l.workspace_id = $1 and l.account_id = $2
     order by l.linked_at, l.id limit $3`,
    [workspaceId, accountId, limit],
  );
  return rows.map((r) => ({ channelId: r.channelId, lastTouchAt: fromMs(r.lastMs) }));
}

export type CaptureSettings = { snippets: boolean; giveEmojis: string[] };

export async function loadCaptureSettings(db: Queryable, workspaceId: number): Promise<CaptureSettings> {
  const { rows } = await db.query<CaptureSettings>(
    `select snippets, coalesce(give_emojis, '{}') as "giveEmojis" from capture_settings where workspace_id = $1`,
    [workspaceId],
  );
  return rows[0] ?? { snippets: false, giveEmojis: [...DEFAULT_GIVE_EMOJIS] };
}

/** Sets what is given and keeps the rest (a row is made with the defaults on first save). */
export async function saveCaptureSettings(db: Queryable, workspaceId: number, patch: Partial<CaptureSettings>): Promise<CaptureSettings> {
  const { rows } = await db.query<CaptureSettings>(
    `insert into capture_settings as s (workspace_id, snippets, give_emojis, updated_at)
     values ($1, coalesce($2::boolean, false), coalesce($3::text[], array['gift']), now() at time zone 'utc')
     on conflict (workspace_id) do update set snippets = coalesce($2::boolean, s.snippets),
       give_emojis = coalesce($3::text[], s.give_emojis), updated_at = excluded.updated_at
     returning snippets, coalesce(give_emojis, '{}') as "giveEmojis"`,
    [workspaceId, patch.snippets ?? null, patch.giveEmojis ?? null],
  );
  return rows[0]!;
}

export type CaptureTarget = { accountId: number; snippets: boolean; giveEmojis: string[]; memberId: number | null };

/**
 * What a message in `channelId` needs, in one round trip: the linked account (none: nothing
 * to capture), the workspace's capture settings and the sender's member row, when known.
 */
export async function captureTarget(db: Queryable, workspaceId: number, channelId: string, slackUserId: string): Promise<CaptureTarget | null> {
  const { rows } = await db.query<CaptureTarget>(
    `select l.account_id as "accountId", coalesce(s.snippets, false) as snippets,
            coalesce(s.give_emojis, array['gift']) as "giveEmojis",
            (select m.id from member m where m.workspace_id = $1 and m.slack_user_id = $3) as "memberId"
     from channel_link l left join capture_settings s on s.workspace_id = l.workspace_id
     where l.workspace_id = $1 and l.channel_id = $2`,
    [workspaceId, channelId, slackUserId],
  );
  return rows[0] ?? null;
}

export type ChannelCaptureTarget = CaptureTarget & {
  workspaceId: number;
  slackTeamId: string;
  /** the event's own installation (its `authorizations` entry), which sees it by definition */
  authorized: boolean;
  /** this workspace's link named, when it was made, both its own team and the authorized one in the channel */
  sharedAtLink: boolean;
  /** whether the link recorded the channel's teams at all (not: made before they were recorded) */
  teamsRecorded: boolean;
};

/**
 * Every active workspace that linked `channelId` and might see a message in it, in one round
 * trip: the workspace the event was authorized for, and the others that linked the same channel
 * id (a Slack Connect channel has one id in every organisation). Which of the others really see
 * it is the caller's to decide (apps.event.authorizations.list, else `sharedAtLink`); a link
 * alone never makes a workspace a target. Each row carries that workspace's account, settings
 * and the sender's member row there, when known.
 */
export async function channelCaptureTargets(
  db: Queryable, channelId: string, authorizedTeamId: string, slackUserId: string,
): Promise<ChannelCaptureTarget[]> {
  const { rows } = await db.query<ChannelCaptureTarget>(
    `select l.workspace_id as "workspaceId", w.slack_team_id as "slackTeamId", l.account_id as "accountId",
            w.slack_team_id = $2 as authorized,
            coalesce(l.connected_team_ids @> array[w.slack_team_id, $2::text], false) as "sharedAtLink",
            l.connected_team_ids is not null as "teamsRecorded",
            coalesce(s.snippets, false) as snippets, coalesce(s.give_emojis, array['gift']) as "giveEmojis",
            (select m.id from member m where m.workspace_id = l.workspace_id and m.slack_user_id = $3) as "memberId"
     from channel_link l join workspace w on w.id = l.workspace_id and w.status = 'active'
     left join capture_settings s on s.workspace_id = l.workspace_id
     where l.channel_id = $1
     order by l.workspace_id
     limit 250 -- a Slack Connect channel holds at most 250 organisations
    `,
    [channelId, authorizedTeamId, slackUserId],
  );
  return rows;
}

/**
 * Records the channel's teams on a link that has none (made before they were recorded); an
 * empty list when the bot could not read the channel, so it is not asked again.
 */
export async function recordLinkTeams(db: Queryable, workspaceId: number, channelId: string, teamIds: string[]): Promise<void> {
  await db.query(
    'update channel_link set connected_team_ids = $3::text[] where workspace_id = $1 and channel_id = $2 and connected_team_ids is null',
    [workspaceId, channelId, teamIds],
  );
}

/**
 * A Slack Connect channel gained (`joined`) or lost (`left`) an organisation: the links of the
 * channel in the event's own workspace and in that organisation's (the two the signed event
 * names, nothing else) record it, so a disconnected organisation stops counting here and a
 * newly connected one counts without the app-level token. A link whose teams were never
 * recorded is left alone (its installation learns them from its next message).
 */
export async function recordChannelTeamChange(db: Queryable, channelId: string, ownTeamId: string, otherTeamId: string, change: 'joined' | 'left'): Promise<number> {
  const res = await db.query(
    `update channel_link l set connected_team_ids = case
       when $4 = 'left' then array_remove(l.connected_team_ids, x.other)
       when x.other = any(l.connected_team_ids) then l.connected_team_ids
       else l.connected_team_ids || array[x.other]::text[] end
     from workspace w, lateral (select case when w.slack_team_id = $2 then $3::text else $2::text end as other) x
     where w.id = l.workspace_id and w.status = 'active' and w.slack_team_id in ($2, $3)
       and l.channel_id = $1 and l.connected_team_ids is not null`,
    [channelId, ownTeamId, otherTeamId, change],
  );
  return res.rowCount ?? 0;
}
