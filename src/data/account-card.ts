// What the account card shows, read in a handful of small indexed queries, all scoped to
// the workspace. Plain data out; the stall level is the domain's cadence rule.
import type { AccountStatus, Medium, TouchKind } from '../domain/vocabulary.ts';
import type { Prisma } from './db.ts';

export type AccountCardRows = {
  id: number;
  name: string;
  aliases: string[];
  ownerSlackUserId: string | null;
  ownerName: string | null;
  segment: string | null;
  status: AccountStatus;
  createdAt: Date;
  holdings: { product: string; mrrCents: number; since: Date }[];
  lastTouches: {
    at: Date;
    medium: Medium;
    kind: TouchKind;
    summary: string;
    bySlackUserId: string | null;
    nextStep: string | null;
    nextStepDue: Date | null;
  }[];
  gives: number;
  asks: number;
  openNudges: number;
  rollup: { touchCount: number; medianGapDays: number | null; lastTouchAt: Date | null; nextStepDue: Date | null } | null;
};

/** Gives and asks are counted over this window: the recent balance is what matters. */
export const GIVE_ASK_WINDOW_DAYS = 90;

export async function readAccountCard(prisma: Prisma, workspaceId: number, accountId: number, now: Date): Promise<AccountCardRows | null> {
  const account = await prisma.account.findFirst({
    where: { id: accountId, workspaceId },
    select: {
      id: true, name: true, segment: true, status: true, createdAt: true,
      owner: { select: { slackUserId: true, name: true } },
      aliases: { select: { alias: true }, orderBy: { id: 'asc' }, take: 20 },
      holdings: { where: { endedAt: null }, select: { mrrCents: true, startedAt: true, product: { select: { name: true } } } },
      rollup: { select: { touchCount: true, medianGapDays: true, lastTouchAt: true, nextStepDue: true } },
    },
  });
  if (!account) return null;
  const since = new Date(now.getTime() - GIVE_ASK_WINDOW_DAYS * 86_400_000);
  const [touches, kinds, openNudges] = await Promise.all([
    prisma.conversation.findMany({
      where: { workspaceId, accountId },
      orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }],
      take: 5,
      select: { occurredAt: true, medium: true, kind: true, summary: true, nextStep: true, nextStepDue: true, member: { select: { slackUserId: true } } },
    }),
    prisma.conversation.groupBy({ by: ['kind'], where: { workspaceId, accountId, occurredAt: { gte: since } }, _count: { _all: true } }),
    prisma.nudge.count({ where: { workspaceId, accountId, status: { in: ['open', 'claimed'] } } }),
  ]);
  const count = (k: string) => kinds.find((x) => x.kind === k)?._count._all ?? 0;
  return {
    id: account.id,
    name: account.name,
    aliases: account.aliases.map((a) => a.alias),
    ownerSlackUserId: account.owner?.slackUserId ?? null,
    ownerName: account.owner?.name ?? null,
    segment: account.segment,
    status: account.status,
    createdAt: account.createdAt,
    holdings: account.holdings.map((h) => ({ product: h.product.name, mrrCents: h.mrrCents, since: h.startedAt })),
    lastTouches: touches.map((t) => ({
      at: t.occurredAt, medium: t.medium, kind: t.kind, summary: t.summary,
      bySlackUserId: t.member?.slackUserId ?? null, nextStep: t.nextStep, nextStepDue: t.nextStepDue,
    })),
    gives: count('give'),
    asks: count('ask'),
    openNudges,
    rollup: account.rollup,
  };
}
