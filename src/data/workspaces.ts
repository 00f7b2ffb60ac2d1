import type { Prisma } from './db.ts';

export type WorkspaceRow = Awaited<ReturnType<Prisma['workspace']['findUniqueOrThrow']>>;

/** The workspace of a Slack team, created with default settings on first contact. */
export async function ensureWorkspace(prisma: Prisma, teamId: string, enterpriseId?: string | null): Promise<WorkspaceRow> {
  return prisma.workspace.upsert({
    where: { slackTeamId: teamId },
    update: {},
    create: { slackTeamId: teamId, slackEnterpriseId: enterpriseId ?? null },
  });
}
