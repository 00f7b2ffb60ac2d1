// Bolt's installation store in Postgres. The whole Installation (tokens included) is sealed
// with AES-256-GCM; only the keys needed to find it are stored in the clear.
import type { Installation, InstallationQuery, InstallationStore } from '@slack/bolt';
import { seal, unseal } from '../security/seal.ts';
import type { Prisma } from './db.ts';
import { ensureWorkspace } from './workspaces.ts';

type AnyInstallation = Installation<'v1' | 'v2', boolean>;

export function installKeyOf(i: { isEnterpriseInstall?: boolean; enterprise?: { id: string }; team?: { id: string } }): string {
  const key = i.isEnterpriseInstall ? i.enterprise?.id : i.team?.id;
  if (!key) throw new Error('installation has neither a team nor an enterprise id');
  return key;
}

type RevokeQuery = { teamId?: string; enterpriseId?: string; isEnterpriseInstall?: boolean };

export function createInstallationStore(prisma: Prisma, key: Buffer): InstallationStore & { revoke(query: RevokeQuery): Promise<void> } {
  const find = async (query: InstallationQuery<boolean>) => {
    const keys = query.isEnterpriseInstall ? [query.enterpriseId] : [query.teamId, query.enterpriseId];
    for (const k of keys) {
      if (!k) continue;
      const row = await prisma.slackInstallation.findUnique({ where: { installKey: k } });
      if (row && !row.revokedAt) return row;
    }
    return null;
  };
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
      const workspace = installation.team?.id
        ? await ensureWorkspace(prisma, installation.team.id, installation.enterprise?.id ?? null)
        : null;
      if (workspace) {
        await prisma.workspace.update({ where: { id: workspace.id }, data: { status: 'active', name: installation.team?.name ?? workspace.name } });
      }
      const data = {
        workspaceId: workspace?.id ?? null,
        teamId: installation.team?.id ?? null,
        enterpriseId: installation.enterprise?.id ?? null,
        isEnterpriseInstall: Boolean(installation.isEnterpriseInstall),
        botUserId: installation.bot?.userId ?? null,
        sealed: seal(key, JSON.stringify(installation)),
        installedAt: new Date(),
        revokedAt: null,
      };
      await prisma.slackInstallation.upsert({ where: { installKey }, create: { installKey, ...data }, update: data });
    },
    async fetchInstallation(query) {
      const row = await find(query);
      if (!row) throw new Error(`no installation for ${query.enterpriseId ?? ''}/${query.teamId ?? ''}`);
      return JSON.parse(unseal(key, row.sealed)) as AnyInstallation;
    },
    async deleteInstallation(query) {
      await revoke(query);
    },
  };
}

/** The bot token that speaks for a workspace: its own install, or its org's. */
export async function botTokenForWorkspace(prisma: Prisma, key: Buffer, workspaceId: number): Promise<string> {
  const ws = await prisma.workspace.findUniqueOrThrow({ where: { id: workspaceId }, select: { slackTeamId: true, slackEnterpriseId: true } });
  const store = createInstallationStore(prisma, key);
  const inst = await store.fetchInstallation({ teamId: ws.slackTeamId, enterpriseId: ws.slackEnterpriseId ?? undefined, isEnterpriseInstall: false });
  if (!inst.bot?.token) throw new Error(`workspace ${workspaceId} has no bot token`);
  return inst.bot.token;
}
