// A Slack Connect channel whose other organisation looks like one of the accounts is offered
// for linking with one click (issue 16), never linked silently. Read when the bot joins a
// channel or a channel it is in becomes shared: conversations.info says who shares it,
// team.info names those teams (and their email domain); an exact name, alias or domain match
// is offered to the person who invited the bot (ephemeral, in the channel: the customer never
// sees it) or, with nobody to ask, to the workspace's managers by DM.
import type { webApi } from '@slack/bolt';
import { connectKeys } from '../../domain/capture.ts';
import { TEAM_ID } from '../../domain/slack-ids.ts';
import { nameKey } from '../../domain/text.ts';
import { findAccountCandidates } from '../../data/accounts.ts';
import { linkedAccount } from '../../data/channel-links.ts';
import { notifyManagers } from '../../delivery/managers.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { buildLinkOffer } from '../../views/channel-links.ts';

/** A shared channel names only a few organisations; more are not looked up. */
const MAX_TEAMS = 3;

type Offer = { channelId: string; teamName: string; accountId: number; accountName: string };

/** The offers for a channel: one per other organisation that matches exactly one account. */
export async function findLinkOffers(rt: Runtime, workspace: WorkspaceRow, channelId: string, client: webApi.WebClient): Promise<Offer[]> {
  if (await linkedAccount(rt.db.pool, workspace.id, channelId)) return [];
  const info = await client.conversations.info({ channel: channelId });
  const ch = info.channel as { is_ext_shared?: boolean; shared_team_ids?: string[]; connected_team_ids?: string[] } | undefined;
  if (!ch?.is_ext_shared) return [];
  const ours = new Set([workspace.slackTeamId, workspace.slackEnterpriseId].filter(Boolean));
  const others = [...new Set([...(ch.connected_team_ids ?? []), ...(ch.shared_team_ids ?? [])])].filter((t) => TEAM_ID.test(t) && !ours.has(t)).slice(0, MAX_TEAMS);
  const offers: Offer[] = [];
  for (const teamId of others) {
    const t = await client.team.info({ team: teamId }).catch(() => null);
    const name = t?.team?.name;
    if (!name) continue;
    const keys = connectKeys({ name, emailDomain: t.team?.email_domain ?? null });
    const hits = await findAccountCandidates(rt.db.pool, workspace.id, { exactKeys: keys });
    // exact keys only, the most telling first (the team's name, then its domain): the first key
    // that names exactly one account is the offer; a key naming several offers nothing
    const owners = (key: string) => hits.filter((h) => nameKey(h.name) === key || h.keys.includes(key));
    const pick = keys.map(owners).find((o) => o.length > 0);
    if (pick?.length === 1) offers.push({ channelId, teamName: name, accountId: pick[0]!.id, accountName: pick[0]!.name });
  }
  return offers;
}

/** Offers each match to `inviter` in the channel, or to the managers when nobody invited the bot. */
export async function offerLinks(rt: Runtime, workspace: WorkspaceRow, channelId: string, client: webApi.WebClient, inviter: string | null): Promise<number> {
  const offers = await findLinkOffers(rt, workspace, channelId, client);
  for (const o of offers) {
    const msg = buildLinkOffer(o);
    if (inviter) await client.chat.postEphemeral({ channel: channelId, user: inviter, text: msg.text, blocks: msg.blocks });
    else await notifyManagers(rt, workspace.id, msg);
  }
  return offers.length;
}
