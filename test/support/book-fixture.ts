// A small book of business whose metrics are worked out by hand in
// test/integration/metrics.test.ts. Every instant is a whole number of days before T, so
// the arithmetic in the test's comments stays in whole days.
import type { Prisma } from '../../src/data/db.ts';

export const T = new Date('2026-04-15T12:00:00Z');
/** The instant `n` days before T. */
export const d = (n: number) => new Date(T.getTime() - n * 86_400_000);

export type Book = { workspaceId: number; accounts: Record<string, number>; members: Record<string, number> };

/**
 * Accounts (all created d(400) unless noted), products P1..P4, MRR in cents:
 *   A  P1 10000                                   active
 *   B  P1 20000, P2 30000                         active
 *   C  P1 10000, P2 10000, P3 10000               active
 *   D  P1..P4 5000 each                           active
 *   E  P1 40000, ended d(10)                      churned d(10)
 *   F  P1 8000, P2 12000, ended d(60)             churned d(60)
 *   G  P1 99999                                   prospect (never a customer)
 *   H  P2 15000 from d(5)                         active, created d(5)
 *   I  P1 10000; P2 5000 ended d(20) (downgrade)  active
 *   J  no holdings                                active (an account, not a customer)
 * All holdings start d(200) unless noted.
 * Members: R1, R2, R3 reps; M1 manager. Conversations and nudges: see the test.
 */
export async function seedBook(prisma: Prisma, team: string, opts: { digestUserIds?: string[]; timezone?: string; digestTime?: string } = {}): Promise<Book> {
  const ws = await prisma.workspace.create({
    data: {
      slackTeamId: team,
      name: `Book ${team}`,
      stallFactor: 2, stallMinDays: 14, stallMaxDays: 90, defaultRhythmDays: 30,
      digestUserIds: opts.digestUserIds ?? [],
      timezone: opts.timezone ?? 'UTC',
      digestTime: opts.digestTime ?? '09:00',
    },
  });
  const w = ws.id;
  const members: Record<string, number> = {};
  for (const [key, role, user] of [['R1', 'rep', 'U0REP0001'], ['R2', 'rep', 'U0REP0002'], ['R3', 'rep', 'U0REP0003'], ['M1', 'manager', 'U0MGR0001']] as const) {
    members[key] = (await prisma.member.create({ data: { workspaceId: w, slackUserId: user, name: `${key} name`, role, createdAt: d(400) } })).id;
  }
  const products: number[] = [];
  for (let i = 1; i <= 4; i++) {
    products.push((await prisma.product.create({ data: { workspaceId: w, name: `P${i}`, nameKey: `p${i}`, listMrrCents: 10000, position: i } })).id);
  }
  const P = (i: number) => products[i - 1]!;
  const accounts: Record<string, number> = {};
  const account = async (key: string, over: { status?: 'active' | 'churned' | 'prospect'; createdAt?: Date; churnedAt?: Date; owner?: string } = {}) => {
    const row = await prisma.account.create({
      data: {
        workspaceId: w, name: `Account ${key}`, nameKey: `account ${key.toLowerCase()}`,
        status: over.status ?? 'active', createdAt: over.createdAt ?? d(400), churnedAt: over.churnedAt ?? null,
        ownerId: members[over.owner ?? 'R1'] ?? null,
      },
    });
    accounts[key] = row.id;
    return row.id;
  };
  const hold = async (acc: number, product: number, mrrCents: number, startedAt = d(200), endedAt: Date | null = null) => {
    await prisma.holding.create({ data: { workspaceId: w, accountId: acc, productId: product, mrrCents, startedAt, endedAt } });
  };
  const A = await account('A');
  await hold(A, P(1), 10000);
  const B = await account('B', { owner: 'R2' });
  await hold(B, P(1), 20000);
  await hold(B, P(2), 30000);
  const C = await account('C');
  for (const p of [1, 2, 3]) await hold(C, P(p), 10000);
  const D = await account('D', { owner: 'R2' });
  for (const p of [1, 2, 3, 4]) await hold(D, P(p), 5000);
  const E = await account('E', { status: 'churned', churnedAt: d(10) });
  await hold(E, P(1), 40000, d(200), d(10));
  const F = await account('F', { status: 'churned', churnedAt: d(60) });
  await hold(F, P(1), 8000, d(200), d(60));
  await hold(F, P(2), 12000, d(200), d(60));
  const G = await account('G', { status: 'prospect' });
  await hold(G, P(1), 99999);
  const H = await account('H', { createdAt: d(5) });
  await hold(H, P(2), 15000, d(5));
  const I = await account('I', { owner: 'R3' });
  await hold(I, P(1), 10000);
  await hold(I, P(2), 5000, d(200), d(20));
  await account('J');
  return { workspaceId: w, accounts, members };
}

/**
 * Conversations (member, kind, when):
 *   A  R1 give d(1), R1 give d(2), R1 ask d(3), R1 give d(8)
 *   B  R2 ask d(1), R2 neutral d(6), imported give d(4) (no member)
 *   C  M1 give d(2)
 *   D  R2 neutral d(120)
 *   I  R3 neutral d(100), d(90), d(80), d(70)
 * Nudges (account: created → claimed → done → outcome):
 *   N1 A: d(20) → d(19) → d(15) → won d(10), 30000
 *   N2 B: d(25) → d(24) → d(5) → won d(5), 20000
 *   N3 C: d(10) → d(9) → d(8) → lost d(8)
 *   N4 D: d(5) → d(4), still claimed; 500000 at stake (cross_sell)
 *   N5 I: d(3), open; 300000 at stake (cooling)
 *   N6 A: d(40) → done d(36) → won d(35), 99900 (before the funnel window)
 *   N7 H: d(2) → done d(1) without a claim
 *   N8 C: d(45), queued over budget; 200000 at stake (cross_sell)
 */
export async function seedActivity(prisma: Prisma, book: Book): Promise<void> {
  const w = book.workspaceId;
  const acc = book.accounts, mem = book.members;
  let n = 0;
  const touch = async (a: string, who: string | null, kind: 'give' | 'ask' | 'neutral', at: Date) => {
    await prisma.conversation.create({
      data: { workspaceId: w, accountId: acc[a]!, memberId: who ? mem[who]! : null, kind, occurredAt: at, summary: `touch ${++n}`, source: who ? 'command' : 'import' },
    });
  };
  await touch('A', 'R1', 'give', d(1));
  await touch('A', 'R1', 'give', d(2));
  await touch('A', 'R1', 'ask', d(3));
  await touch('A', 'R1', 'give', d(8));
  await touch('B', 'R2', 'ask', d(1));
  await touch('B', 'R2', 'neutral', d(6));
  await touch('B', null, 'give', d(4));
  await touch('C', 'M1', 'give', d(2));
  await touch('D', 'R2', 'neutral', d(120));
  for (const k of [100, 90, 80, 70]) await touch('I', 'R3', 'neutral', d(k));

  type N = {
    key: string; a: string; created: Date; claimed?: Date; done?: Date; outcome?: 'won' | 'lost'; outcomeAt?: Date; value?: number;
    status: 'queued' | 'open' | 'claimed' | 'done'; stake?: number; kind?: 'cross_sell' | 'cooling' | 'stalled';
  };
  const nudges: N[] = [
    { key: 'N1', a: 'A', created: d(20), claimed: d(19), done: d(15), outcome: 'won', outcomeAt: d(10), value: 30000, status: 'done' },
    { key: 'N2', a: 'B', created: d(25), claimed: d(24), done: d(5), outcome: 'won', outcomeAt: d(5), value: 20000, status: 'done' },
    { key: 'N3', a: 'C', created: d(10), claimed: d(9), done: d(8), outcome: 'lost', outcomeAt: d(8), status: 'done' },
    { key: 'N4', a: 'D', created: d(5), claimed: d(4), status: 'claimed', stake: 500000, kind: 'cross_sell' },
    { key: 'N5', a: 'I', created: d(3), status: 'open', stake: 300000, kind: 'cooling' },
    { key: 'N6', a: 'A', created: d(40), done: d(36), outcome: 'won', outcomeAt: d(35), value: 99900, status: 'done' },
    { key: 'N7', a: 'H', created: d(2), done: d(1), status: 'done' },
    { key: 'N8', a: 'C', created: d(45), status: 'queued', stake: 200000, kind: 'cross_sell' },
  ];
  for (const x of nudges) {
    await prisma.nudge.create({
      data: {
        workspaceId: w, accountId: acc[x.a]!, kind: x.kind ?? 'cross_sell', dedupeKey: x.key, status: x.status,
        suggestion: `Offer a usage review to Account ${x.a}`, assigneeId: mem.R1!, claimedById: x.claimed ? mem.R1! : null,
        createdAt: x.created, claimedAt: x.claimed ?? null, doneAt: x.done ?? null, outcome: x.outcome ?? null,
        outcomeAt: x.outcomeAt ?? null, outcomeValueCents: x.value ?? null, valueAtStakeCents: BigInt(x.stake ?? 0),
        priority: (x.stake ?? 0) / 100,
      },
    });
  }
}
