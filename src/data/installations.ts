// Bolt's installation store in Postgres. The whole Installation (tokens included) is sealed
// with AES-256-GCM, bound to its row's install key; only the keys needed to find it are stored
// in the clear.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { isCurrentSeal, seal, unseal } from '../security/seal.ts';
import type { Prisma } from './db.ts';
import type pg from 'pg';
import { inTransaction, type Queryable } from './sql.ts';
import { liftBlock } from './nudge-delivery.ts';
import { ensureWorkspace, reactivateOrg } from './workspaces.ts';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

export function installKeyOf(i: { isEnterpriseInstall?: boolean; enterprise?: { id: string }; team?: { id: string } }): string {
  const key = i.isEnterpriseInstall ? i.enterprise?.id : i.team?.id;
  if (!key) throw new Error('installation has neither a team nor an enterprise id');
  return key;
}

/** The sealing context: a sealed installation opens only under the install key it was stored for. */
const sealContext = (installKey: string) => `slack_installation:${installKey}`;

type SealedRow = { installKey: string; sealed: string };

function unsealRow(key: Buffer, row: SealedRow): AnyInstallation {
  const installation = JSON.parse(unseal(key, row.sealed, sealContext(row.installKey))) as AnyInstallation;
  if (installKeyOf(installation) !== row.installKey) {
    throw new Error(`the sealed installation stored under ${row.installKey} belongs to ${installKeyOf(installation)}`);
  }
  return installation;
}

/**
 * Opens a row's installation. A v1 value carries no context, so the install key inside it must
 * match the row's (GCM authenticates that JSON, so this binds it as well); it is then sealed
 * again as v2, only if the row still holds what was read (another process may have done it).
 */
async function openRow(prisma: Prisma, key: Buffer, row: SealedRow): Promise<AnyInstallation> {
  const installation = unsealRow(key, row);
  if (!isCurrentSeal(row.sealed)) {
    await prisma.slackInstallation.updateMany({
      where: { installKey: row.installKey, sealed: row.sealed },
      data: { sealed: seal(key, JSON.stringify(installation), sealContext(row.installKey)) },
    });
  }
  return installation;
}

/**
 * Seals again every installation still in the v1 format (run at boot in OAuth mode). SQL alone
 * cannot do it: it takes the encryption key. Installations are not a workspace's rows but the
 * keys to them, so this one sweep reads across installations. A row that will not open (a value
 * moved from another row, a wrong key) is left as it is and named, rather than stopping every
 * workspace's start: its own requests keep failing until it is installed again.
 */
export async function resealLegacyInstallations(prisma: Prisma, key: Buffer): Promise<{ sealed: number; refused: string[] }> {
  const rows = await prisma.slackInstallation.findMany({
    where: { sealed: { startsWith: 'v1.' } },
    select: { installKey: true, sealed: true },
  });
  const refused: string[] = [];
  for (const row of rows) await openRow(prisma, key, row).catch(() => refused.push(row.installKey));
  return { sealed: rows.length - refused.length, refused };
}

type RevokeQuery = { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean };

/** The live installation that answers a query, and the key it is stored under: the team's own, else its org's. */
async function liveInstallationOf(prisma: Prisma, key: Buffer, query: InstallationQuery<boolean>): Promise<{ installKey: string; installation: AnyInstallation }> {
  const keys = query.isEnterpriseInstall ? [query.enterpriseId] : [query.teamId, query.enterpriseId];
  for (const k of keys) {
    if (!k) continue;
    const row = await prisma.slackInstallation.findUnique({ where: { installKey: k } });
    if (row && !row.revokedAt) return { installKey: k, installation: await openRow(prisma, key, row) };
  }
  throw new Error(`no installation for ${query.enterpriseId ?? ''}/${query.teamId ?? ''}`);
}

async function fetchInstallationOf(prisma: Prisma, key: Buffer, query: InstallationQuery<boolean>): Promise<AnyInstallation> {
  return (await liveInstallationOf(prisma, key, query)).installation;
}

/** The store Bolt calls; the pool creates the workspace of a new install (data/workspaces.ts). */
export function createInstallationStore(db: { prisma: Prisma; pool: Queryable }, key: Buffer): InstallationStore & { revoke(query: RevokeQuery): Promise<void> } {
  const { prisma } = db;
  const revoke = async (query: RevokeQuery) => {
    const installKey = query.isEnterpriseInstall ? query.enterpriseId : (query.teamId ?? query.enterpriseId);
    if (!installKey) return;
    // Keep the workspace's data; forget the token and stop working for it.
    await prisma.$transaction([
      prisma.slackInstallation.updateMany({ where: { installKey }, data: { revokedAt: new Date(), sealed: '' } }),
      prisma.workspace.updateMany({
        where: query.isEnterpriseInstall ? { slackEnterpriseId: installKey } : { slackTeamId: installKey },
        data: { status: 'inactive' },
      }),
    ]);
  };
  return {
    revoke,
    async storeInstallation(installation) {
      const installKey = installKeyOf(installation);
      // Bolt stores again after each token refresh: only an install over none, or over a
      // revoked one, is a reinstall
      const prior = await prisma.slackInstallation.findUnique({ where: { installKey }, select: { revokedAt: true } });
      const reinstall = !prior || prior.revokedAt !== null;
      const workspace = installation.team?.id
        ? await ensureWorkspace(db.pool, installation.team.id, installation.enterprise?.id ?? null)
        : null;
      if (workspace) {
        await prisma.workspace.update({ where: { id: workspace.id }, data: { status: 'active', name: installation.team?.name ?? workspace.name } });
        // a new install's token: a block from the refused old one lifts
        await liftBlock(db.pool, workspace.id, '*', new Date());
      } else if (installation.isEnterpriseInstall && installation.enterprise?.id && reinstall) {
        // An org-wide install back after app_uninstalled: the uninstall made every workspace of
        // the org inactive (revoke below). A refresh must not, though: it would undo
        // team_access_revoked for the workspaces the org took the app from.
        await reactivateOrg(db.pool, installation.enterprise.id);
      }
      const data = {
        workspaceId: workspace?.id ?? null,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        botUserId: installation.bot?.userId ?? null,
        installerUserId: installation.user?.id ?? null,
        sealed: seal(key, JSON.stringify(installation), sealContext(installKey)),
        installedAt: new Date(),
        revokedAt: null,
      };
      await prisma.slackInstallation.upsert({ where: { installKey }, create: { installKey, ...data }, update: data });
      // Whoever installs Tend manages it from the start (an org-wide install: on first use, see
      // installersOf), unless a manager took the role away: only another manager gives it back
      // (decideRole, domain/managers.ts), and Bolt stores the installation again at every token refresh.
      if (workspace && installation.user?.id) {
        await prisma.$executeRaw`insert into member (workspace_id, slack_user_id, role, manager_via, manager_since)
          values (${workspace.id}, ${installation.user.id}, 'manager', 'installer', now() at time zone 'utc')
          on conflict (workspace_id, slack_user_id) do update
            set role = 'manager', manager_via = 'installer', manager_added_by = null, manager_since = now() at time zone 'utc'
            where member.role <> 'manager' and member.manager_removed_by is null`;
      }
    },
    async fetchInstallation(query) {
      return fetchInstallationOf(prisma, key, query);
    },
    async deleteInstallation(query) {
      await revoke(query);
    },
  };
}

/** A bot token traded for a new one (token rotation); expiresAt in epoch seconds, as @slack/oauth keeps it. */
export type RefreshedBotToken = { token: string; refreshToken: string; expiresAt: number };

/** What the workers need to renew a rotating token themselves: Bolt renews one only on an incoming request. */
export type TokenRotation = { pool: pg.Pool; refresh: (refreshToken: string) => Promise<RefreshedBotToken>; now?: () => Date };

/**
 * How close to its expiry a rotating bot token is renewed by the workers. Bolt renews within
 * 2 hours of expiry on each incoming request; with a short margin here the two seldom race, and
 * when they do the later store simply wins (both tokens are valid).
 */
const REFRESH_MARGIN_SEC = 5 * 60;

const expiresSoon = (inst: AnyInstallation, nowSec: number) =>
  Boolean(inst.bot?.refreshToken) && inst.bot?.expiresAt !== undefined && inst.bot.expiresAt - nowSec <= REFRESH_MARGIN_SEC;

/**
 * Renews the bot token of one installation, one refresh at a time: the row stays locked while
 * Slack answers, since Slack revokes a refresh token once it is used, so a second refresh with
 * the same one would fail. Whoever waited finds the renewed token and uses it.
 */
async function renewBotToken(key: Buffer, installKey: string, rotation: TokenRotation, nowSec: number): Promise<AnyInstallation> {
  return inTransaction(rotation.pool, async (c) => {
    const { rows } = await c.query<{ sealed: string; revoked: boolean }>(
      'select sealed, revoked_at is not null as revoked from slack_installation where install_key = $1 for update',
      [installKey],
    );
    const row = rows[0];
    if (!row || row.revoked) throw new Error(`no installation for ${installKey}`);
    const current = unsealRow(key, { installKey, sealed: row.sealed });
    if (!expiresSoon(current, nowSec)) return current;
    const fresh = await rotation.refresh(current.bot!.refreshToken!);
    const renewed: AnyInstallation = { ...current, bot: { ...current.bot!, token: fresh.token, refreshToken: fresh.refreshToken, expiresAt: fresh.expiresAt } };
    await c.query('update slack_installation set sealed = $2 where install_key = $1', [installKey, seal(key, JSON.stringify(renewed), sealContext(installKey))]);
    return renewed;
  });
}

// A process's lookups of one installation share its renewal, rather than each holding a pool
// connection while it waits on the row lock (an org token serves many workspaces' deliveries).
const renewals = new WeakMap<TokenRotation, Map<string, Promise<AnyInstallation>>>();

function renewOnce(key: Buffer, installKey: string, rotation: TokenRotation, nowSec: number): Promise<AnyInstallation> {
  let mine = renewals.get(rotation);
  if (!mine) renewals.set(rotation, (mine = new Map()));
  let renewal = mine.get(installKey);
  if (!renewal) {
    renewal = renewBotToken(key, installKey, rotation, nowSec).finally(() => mine.delete(installKey));
    mine.set(installKey, renewal);
  }
  return renewal;
}

/**
 * The bot token that speaks for a workspace: its own install, or its org's. With `rotation`, a
 * token about to expire is renewed first; should Slack refuse, a token not yet expired still serves.
 */
export async function botTokenForWorkspace(prisma: Prisma, key: Buffer, workspaceId: number, rotation?: TokenRotation): Promise<string> {
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slackTeamId: true, slackEnterpriseId: true } });
  const live = await liveInstallationOf(prisma, key, { teamId: ws.slackTeamId, enterpriseId: ws.slackEnterpriseId ?? undefined, isEnterpriseInstall: false });
  let inst = live.installation;
  const nowSec = Math.floor((rotation?.now?.() ?? new Date()).getTime() / 1000);
  if (rotation && expiresSoon(inst, nowSec)) {
    try {
      inst = await renewOnce(key, live.installKey, rotation, nowSec);
    } catch (err) {
      if (inst.bot!.expiresAt! <= nowSec) throw new Error(`the bot token of workspace ${workspaceId} expired and could not be renewed: ${(err as Error).message}`);
    }
  }
  if (!inst.bot?.token) throw new Error(`workspace ${workspaceId} has no bot token`);
  return inst.bot.token;
}
