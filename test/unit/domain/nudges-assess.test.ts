// The scan judges every account to keys (domain/nudges.ts assess) and builds the words only
// for the nudges that get a row (draftsOf). The keys must be the full drafts' own identity and
// rank, and the next products kept on account_scan the cross-sell's alternatives, for every
// kind of account; a difference would rank a line by one figure and write another.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { assess, draftsOf } from '../../../src/domain/nudges.ts';
import { contentHash } from '../../../src/data/nudge-writes.ts';
import { accounts, name, NOW, rules } from '../../support/assess-table.ts';

// what the rules wrote before the split, for the same table: every draft field and its content hash
const golden = JSON.parse(readFileSync(new URL('../../fixtures/nudge-drafts.golden.json', import.meta.url), 'utf8')) as
  Record<string, { draft: Record<string, unknown>; hash: string }[]>;

describe('assess: the keys a scan decides on are its full drafts\' own', () => {
  it.each(accounts.map((c) => [c.accountId, c] as const))('account %i', (_, c) => {
    const a = assess(c, rules, NOW);
    const drafts = draftsOf(a, rules, name);
    expect(drafts.map((d) => ({ accountId: d.accountId, kind: d.kind, dedupeKey: d.dedupeKey, priority: d.priority, suggestedProductId: d.suggestedProductId, valueAtStakeCents: d.valueAtStakeCents })))
      .toEqual(a.keys);
    // the same drafts, words, evidence and content hashes as before the split
    expect(JSON.parse(JSON.stringify(drafts))).toEqual(golden[c.accountId]!.map((g) => g.draft));
    expect(drafts.map(contentHash)).toEqual(golden[c.accountId]!.map((g) => g.hash));
    const cross = drafts.find((d) => d.kind === 'cross_sell');
    const alts = (cross?.evidence.alternatives ?? []) as { productId: number; score: number }[];
    expect(a.nextProductIds).toEqual(alts.map((x) => x.productId));
    expect(a.nextScores).toEqual(alts.map((x) => x.score));
  });

  it('covers every kind of nudge across the table', () => {
    const kinds = new Set(accounts.flatMap((c) => assess(c, rules, NOW).keys.map((k) => k.kind)));
    expect([...kinds].sort()).toEqual(['cooling', 'cross_sell', 'follow_up_due', 'stalled']);
    // and accounts without a cross-sell keep no next products
    const full = assess(accounts[5]!, rules, NOW);
    expect(full.keys.some((k) => k.kind === 'cross_sell')).toBe(false);
    expect(full.nextProductIds).toEqual([]);
  });
});
