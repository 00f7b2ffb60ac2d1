import { describe, expect, it } from 'vitest';
import { matchName, type MatchCandidate } from '../../../src/domain/match.ts';
import { nameKey } from '../../../src/domain/text.ts';

function acct(id: number, name: string, aliases: string[] = []): MatchCandidate {
  return { id, name, keys: [name, ...aliases].map(nameKey) };
}

const book = [
  acct(1, 'Acme Corporation', ['Acme']),
  acct(2, 'Acme Labs'),
  acct(3, 'Société Générale', ['SocGen']),
  acct(4, 'Globex'),
  acct(5, 'Globe Trotters'),
  acct(6, 'Initech'),
  acct(7, 'شركة الاتصالات'),
  acct(8, '<!channel> Ltd'),
];

type Expected = { kind: 'exact' | 'prefix'; id: number } | { kind: 'ambiguous'; ids: number[] } | { kind: 'none' };

describe('matchName', () => {
  it.each<[string, Expected]>([
    ['Acme Corporation', { kind: 'exact', id: 1 }],
    ['acme corporation', { kind: 'exact', id: 1 }],
    ['ACME', { kind: 'exact', id: 1 }], // alias beats the prefix hit on Acme Labs
    ['acme l', { kind: 'prefix', id: 2 }],
    ['societe generale', { kind: 'exact', id: 3 }],
    ['SOCIÉTÉ', { kind: 'prefix', id: 3 }],
    ['socgen', { kind: 'exact', id: 3 }],
    ['glob', { kind: 'ambiguous', ids: [5, 4] }], // sorted by name: Globe Trotters, Globex
    ['globex', { kind: 'exact', id: 4 }],
    ['init', { kind: 'prefix', id: 6 }],
    ['i', { kind: 'ambiguous', ids: [6] }], // one letter never auto-selects
    ['شركة', { kind: 'prefix', id: 7 }],
    ['<!channel>', { kind: 'prefix', id: 8 }],
    ['nope', { kind: 'none' }],
    ['', { kind: 'none' }],
    ['   ', { kind: 'none' }],
    ['!!!', { kind: 'none' }],
    ["'; DROP TABLE account;--", { kind: 'none' }],
    ['😀', { kind: 'none' }],
    ['x'.repeat(10_000), { kind: 'none' }],
    ['\u0000acme corporation', { kind: 'exact', id: 1 }],
  ])('%j', (query, expected) => {
    const r = matchName(query, book);
    expect(r.kind).toBe(expected.kind);
    if (expected.kind === 'exact' || expected.kind === 'prefix') {
      expect(r.kind === 'exact' || r.kind === 'prefix' ? r.item.id : null).toBe(expected.id);
    }
    if (expected.kind === 'ambiguous') {
      expect(r.kind === 'ambiguous' ? r.items.map((i) => i.id) : null).toEqual(expected.ids);
    }
  });

  it('returns at most 5 ambiguous items, sorted, with the total', () => {
    const many = Array.from({ length: 12 }, (_, i) => acct(100 + i, `Zeta ${String.fromCharCode(108 - i)}`));
    const r = matchName('zeta', many);
    expect(r.kind).toBe('ambiguous');
    if (r.kind !== 'ambiguous') return;
    expect(r.items).toHaveLength(5);
    expect(r.total).toBe(12);
    expect(r.items.map((i) => i.name)).toEqual(['Zeta a', 'Zeta b', 'Zeta c', 'Zeta d', 'Zeta e']);
  });

  it('treats two accounts with the same exact key as ambiguous', () => {
    const r = matchName('acme', [acct(1, 'Acme'), acct(2, 'Acme Holdings', ['acme'])]);
    expect(r.kind).toBe('ambiguous');
  });

  it('returns none for an empty candidate list', () => {
    expect(matchName('acme', [])).toEqual({ kind: 'none' });
  });
});
