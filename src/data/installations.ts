// Bolt's installation store in Postgres. The whole Installation (tokens included) is sealed
// with AES-256-GCM, bound to its row's install key; only the keys needed to find it are stored
// in the clear.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { isCurrentSeal, seal, unseal } from '../security/seal.ts';
import type { Prisma } from './db.ts';
import type { Queryable } from './sql.ts';
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

/**
 * Opens a row's installation. A v1 value carries no context, so the install key inside it must
 * match the row's (GCM authenticates that JSON, so this binds it as well); it is then sealed
 * again as v2, only if the row still holds what was read (another process may have done it).
 */
async function openRow(prisma: Prisma, key: Buffer, row: SealedRow): Promise<AnyInstallation> {
  const installation = JSON.parse(unseal(key, row.sealed, sealContext(row.installKey))) as AnyInstallation;
  if (installKeyOf(installation) !== row.installKey) {
    throw new Error(`the sealed installation stored under ${row.installKey} belongs to ${installKeyOf(installation)}`);
  }
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

/** The live installation that answers a query: the team's own, else its org's. */
async function fetchInstallationOf(prisma: Prisma, key: Buffer, query: InstallationQuery<boolean>): Promise<AnyInstallation> {
  const keys = query.isEnterpriseInstall ? [query.enterpriseId] : [query.teamId, query.enterpriseId];
  for (const k of keys) {
    if (!k) continue;
    const row = await prisma.slackInstallation.findUnique({ where: { installKey: k } });
    if (row && !row.revokedAt) return openRow(prisma, key, row);
  }
  throw new Error(`no installation for ${query.enterpriseId ?? ''}/${query.teamId ?? ''}`);
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

/** The bot token that speaks for a workspace: its own install, or its org's. */
export async function botTokenForWorkspace(prisma: Prisma, key: Buffer, workspaceId: number): Promise<string> {
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slackTeamId: true, slackEnterpriseId: true } });
  const inst = await fetchInstallationOf(prisma, key, { teamId: ws.slackTeamId, enterpriseId: ws.slackEnterpriseId ?? undefined, isEnterpriseInstall: false });
  if (!inst.bot?.token) throw new Error(`workspace ${workspaceId} has no bot token`);
  return inst.bot.token;
}
