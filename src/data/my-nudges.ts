// The nudges a member has in hand: assigned to them and still open, or claimed by them.
import type { MyNudge } from '../domain/read-models.ts';
import type { LiveNudgeStatus, NudgeKind } from '../domain/vocabulary.ts';
import type { Prisma } from './db.ts';

export async function listMyNudges(prisma: Prisma, workspaceId: number, memberId: number, limit = 10): Promise<{ nudges: MyNudge[]; total: number }> {
  const where = {
    workspaceId,
    OR: [
      { status: 'open' as const, assigneeId: memberId },
      { status: 'claimed' as const, claimedById: memberId },
    ],
  };
  const [rows, total] = await Promise.all([
    prisma.nudge.findMany({
      where,
      orderBy: [{ priority: 'desc' }, { createdAt: 'desc' }, { id: 'desc' }],
      take: limit,
      select: {
        id: true, kind: true, status: true, suggestion: true, valueAtStakeCents: true, channelId: true, messageTs: true,
        account: { select: { name: true } }, suggestedProduct: { select: { name: true } },
      },
    }),
    prisma.nudge.count({ where }),
  ]);
  return {
    total,
    nudges: rows.map((r) => ({
      // the enum's reserved at_risk is never written, so the stored kind is one of ours
      id: r.id, kind: r.kind as NudgeKind, status: r.status as LiveNudgeStatus, accountName: r.account.name, suggestion: r.suggestion,
      productName: r.suggestedProduct?.name ?? null, valueAtStakeCents: Number(r.valueAtStakeCents), channelId: r.channelId, messageTs: r.messageTs,
    })),
  };
}
