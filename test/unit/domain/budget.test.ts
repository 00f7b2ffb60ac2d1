import { describe, expect, it } from 'vitest';
import { allocateBudget, type BudgetCandidate } from '../../../src/domain/budget.ts';

// priority order: b2 50, a2 30, a3 20, a1 10, t2 8, t1 7, b1 5
const candidates: BudgetCandidate<string>[] = [
  { id: 'a1', assigneeKey: 'A', priority: 10 },
  { id: 'a2', assigneeKey: 'A', priority: 30 },
  { id: 'a3', assigneeKey: 'A', priority: 20 },
  { id: 'b1', assigneeKey: 'B', priority: 5 },
  { id: 'b2', assigneeKey: 'B', priority: 50 },
  { id: 't1', assigneeKey: null, priority: 7 },
  { id: 't2', assigneeKey: null, priority: 8 },
];

describe('allocateBudget', () => {
  it.each([
    {
      name: 'two reps and the team, budget 2, nothing released yet',
      budget: 2, already: {}, team: undefined,
      release: ['b2', 'a2', 'a3', 't2', 't1', 'b1'], hold: ['a1'],
    },
    {
      name: 'rep A already had 1 today, the team 2',
      budget: 2, already: { A: 1, team: 2 }, team: undefined,
      release: ['b2', 'a2', 'b1'], hold: ['a3', 'a1', 't2', 't1'],
    },
    {
      name: 'budget 1 per rep: each takes its best',
      budget: 1, already: {}, team: undefined,
      release: ['b2', 'a2', 't2'], hold: ['a3', 'a1', 't1', 'b1'],
    },
    {
      name: 'zero budget holds everything',
      budget: 0, already: {}, team: undefined,
      release: [], hold: ['b2', 'a2', 'a3', 'a1', 't2', 't1', 'b1'],
    },
    {
      name: 'already over budget releases nothing more to that rep',
      budget: 2, already: { B: 5 }, team: undefined,
      release: ['a2', 'a3', 't2', 't1'], hold: ['b2', 'a1', 'b1'],
    },
    {
      name: 'a separate team budget',
      budget: 2, already: {}, team: 1,
      release: ['b2', 'a2', 'a3', 't2', 'b1'], hold: ['a1', 't1'],
    },
  ])('$name', ({ budget, already, team, release, hold }) => {
    const r = allocateBudget(candidates, budget, new Map(Object.entries(already)), team);
    expect(r).toEqual({ release, hold });
  });

  it('keeps input order on equal priority and puts NaN last', () => {
    const c: BudgetCandidate<number>[] = [
      { id: 1, assigneeKey: 'A', priority: Number.NaN },
      { id: 2, assigneeKey: 'A', priority: 5 },
      { id: 3, assigneeKey: 'A', priority: 5 },
    ];
    expect(allocateBudget(c, 2, new Map())).toEqual({ release: [2, 3], hold: [1] });
  });

  it('breaks equal priorities by account, not by the order rows were written (a resumed scan releases the same accounts)', () => {
    const written = (order: number[]): BudgetCandidate<string>[] =>
      order.map((a) => ({ id: `n${a}`, assigneeKey: 'A', priority: 40, accountKey: a }));
    const first = allocateBudget(written([697, 9697, 98, 9698]), 2, new Map());
    const resumed = allocateBudget(written([9698, 9697, 697, 98]), 2, new Map());
    expect(first).toEqual({ release: ['n98', 'n697'], hold: ['n9697', 'n9698'] });
    expect(resumed).toEqual(first);
    // numbers before strings before no account; within one account, input order
    const mixed: BudgetCandidate<string>[] = [
      { id: 'none', assigneeKey: 'A', priority: 1 },
      { id: 'str', assigneeKey: 'A', priority: 1, accountKey: 'b' },
      { id: 'num', assigneeKey: 'A', priority: 1, accountKey: 7 },
    ];
    expect(allocateBudget(mixed, 3, new Map()).release).toEqual(['num', 'str', 'none']);
  });

  describe('one nudge per account a day', () => {
    // A has three nudges for account x and one for y; B one for z; the team one for w
    const c: BudgetCandidate<string>[] = [
      { id: 'x1', assigneeKey: 'A', priority: 90, accountKey: 'x' },
      { id: 'x2', assigneeKey: 'A', priority: 80, accountKey: 'x' },
      { id: 'y1', assigneeKey: 'A', priority: 10, accountKey: 'y' },
      { id: 'x3', assigneeKey: 'A', priority: 95, accountKey: 'x' },
      { id: 'z1', assigneeKey: 'B', priority: 50, accountKey: 'z' },
      { id: 'w1', assigneeKey: null, priority: 5, accountKey: 'w' },
    ];
    it.each([
      { name: "only an account's best goes out; its others wait", budget: 3, today: {}, accounts: {}, release: ['x3', 'z1', 'y1', 'w1'], hold: ['x1', 'x2'] },
      { name: 'an account already released to its rep today gets nothing more', budget: 3, today: { A: 1 }, accounts: { A: ['x'] }, release: ['z1', 'y1', 'w1'], hold: ['x3', 'x1', 'x2'] },
      { name: 'released today to someone else does not count against this rep', budget: 3, today: { B: 1 }, accounts: { B: ['x'] }, release: ['x3', 'z1', 'y1', 'w1'], hold: ['x1', 'x2'] },
      { name: 'an account whose best is over budget sends none of its others instead', budget: 1, today: {}, accounts: {}, release: ['x3', 'z1', 'w1'], hold: ['x1', 'x2', 'y1'] },
      { name: 'already released today counts against the budget too', budget: 2, today: { A: 2 }, accounts: { A: ['q', 'r'] }, release: ['z1', 'w1'], hold: ['x3', 'x1', 'x2', 'y1'] },
    ])('$name', ({ budget, today, accounts, release, hold }) => {
      const byKey = new Map(Object.entries(accounts).map(([k, v]) => [k, new Set<string | number>(v)]));
      expect(allocateBudget(c, budget, new Map(Object.entries(today)), budget, byKey)).toEqual({ release, hold });
    });
  });

  it('handles no candidates', () => {
    expect(allocateBudget([], 5, new Map())).toEqual({ release: [], hold: [] });
  });
});
