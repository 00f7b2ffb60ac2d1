import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/views/ids.ts';
import { buildAccountCard, type AccountCardData } from '../../../src/views/account-card.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { mrkdwnTexts, rawAngles } from '../../support/block-kit.ts';


const now = new Date('2026-04-15T14:30:00Z');
const opts = { now, timeZone: 'America/New_York' };

function card(over: Partial<AccountCardData> = {}): AccountCardData {
  return {
    id: 42,
    name: 'Acme Corporation',
    aliases: ['Acme'],
    ownerSlackUserId: 'U123ABC',
    segment: 'enterprise',
    status: 'active',
    holdings: [
      { product: 'Reporting', mrrCents: 120_000, since: new Date('2025-01-10T00:00:00Z') },
      { product: 'Data Warehouse', mrrCents: 300_000, since: new Date('2025-02-03T18:30:00Z') },
    ],
    lastTouches: [
      { at: new Date('2026-04-10T15:00:00Z'), medium: 'call', kind: 'give', summary: 'Usage review', bySlackUserId: 'U123ABC', nextStep: 'Send SSO pricing', nextStepDue: new Date('2026-04-17T13:00:00Z') },
      { at: new Date('2026-03-20T15:00:00Z'), medium: 'email', kind: 'ask', summary: 'Asked about renewal' },
    ],
    gives: 3,
    asks: 1,
    openNudges: 2,
    stall: { level: 'ok', daysSinceLastTouch: 5, rhythmDays: 21, coolingAfterDays: 42, stalledAfterDays: 90 },
    ...over,
  };
}

describe('buildAccountCard', () => {
  it('shows owner, status, money, products, touches, ratio, nudges and rhythm', () => {
    const msg = buildAccountCard(card(), opts);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(msg.blocks[0]).toEqual({ type: 'header', text: { type: 'plain_text', text: 'Acme Corporation' } });
    const all = mrkdwnTexts(msg.blocks).join('\n');
    for (const s of ['<@U123ABC>', 'Active · enterprise', '$4,200/mo across 2 products', '3 gives : 1 ask', '*Open nudges*\n2', 'On rhythm', 'Usually every 21 days; quiet for 5 days (cooling after 42, stalled after 90).', '• Data Warehouse — $3,000/mo', '• Reporting — $1,200/mo since Jan 10, 2025', 'Usage review', 'next: Send SSO pricing', 'Also known as Acme']) {
      expect(all).toContain(s);
    }
    // a date imported without a time (midnight UTC) is that calendar date for every reader, not a token
    // Slack would draw as Jan 9 west of UTC; an instant with a time stays the reader's own day
    expect(all).not.toContain('since <!date^1736467200');
    expect(all).toContain('• Data Warehouse — $3,000/mo since <!date^1738607400^{date_short}|');
    // biggest holding first
    expect(all.indexOf('Data Warehouse')).toBeLessThan(all.indexOf('Reporting'));
    const actions = msg.blocks.find((b) => b.type === 'actions') as { elements: { action_id: string; value: string }[] };
    expect(actions.elements[0]).toMatchObject({ action_id: ACTIONS.openLogModal, value: '42' });
    expect(msg.text).toBe('Acme Corporation: $4,200/mo, 2 products');
  });

  it.each<[string, Partial<AccountCardData>, RegExp]>([
    ['single product hint', { holdings: [{ product: 'Reporting', mrrCents: 100 }] }, /Single product/],
    ['asking more than giving', { gives: 1, asks: 4 }, /asking more than giving/],
    ['no touches', { gives: 0, asks: 0, lastTouches: [] }, /no gives or asks yet[\s\S]*None logged yet/],
    ['no products', { holdings: [] }, /\$0\/mo across 0 products[\s\S]*None yet/],
    ['stalled', { stall: { level: 'stalled', daysSinceLastTouch: 120, rhythmDays: 30, overdueNextStep: true } }, /Stalled — Usually every 30 days; quiet for 120 days\.[\s\S]*overdue/],
    ['cooling', { stall: { level: 'cooling', daysSinceLastTouch: 40, rhythmDays: 20 } }, /Cooling/],
    ['new account', { stall: { level: 'new', daysSinceLastTouch: null } }, /New — no touches yet/],
    ['no rhythm of its own yet: thresholds only', { stall: { level: 'ok', daysSinceLastTouch: 3, rhythmDays: null, coolingAfterDays: 30, stalledAfterDays: 60 } }, /On rhythm — No usual rhythm yet; quiet for 3 days \(cooling after 30, stalled after 60\)\./],
    ['owner by name', { ownerSlackUserId: null, ownerName: 'Maria <!here>' }, /Maria &lt;!here&gt;/],
    ['no owner', { ownerSlackUserId: null, ownerName: null }, /_unassigned_/],
    ['forged owner id', { ownerSlackUserId: 'U1><!channel', ownerName: null }, /_unassigned_/],
  ])('%s', (_label, over, expected) => {
    const msg = buildAccountCard(card(over), opts);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(mrkdwnTexts(msg.blocks).join('\n')).toMatch(expected);
  });

  it.each<[string, string]>([
    ['empty', ''],
    ['spaces', '   '],
    ['channel', '<!channel> <!here>'],
    ['user', '<@U123>'],
    ['link', '<http://evil.example|click>'],
    ['sql', "Robert'); DROP TABLE account;--"],
    ['emoji', '👨‍👩‍👧‍👦🇫🇷😀'.repeat(50)],
    ['arabic', 'شركة الاتصالات'.repeat(30)],
    ['hebrew', 'חברה בע"מ'.repeat(30)],
    ['null bytes', 'a\u0000b'],
    ['10,000 chars', '<'.repeat(10_000)],
  ])('stays valid and escaped with %s in every text field', (_label, text) => {
    const msg = buildAccountCard(
      card({
        name: text,
        aliases: Array.from({ length: 30 }, () => text),
        ownerSlackUserId: null,
        ownerName: text,
        segment: text,
        holdings: Array.from({ length: 40 }, (_, i) => ({ product: text, mrrCents: 1000 + i, since: now })),
        lastTouches: Array.from({ length: 20 }, () => ({ at: now, medium: 'chat' as const, kind: 'neutral' as const, summary: text, bySlackUserId: text, nextStep: text, nextStepDue: now })),
      }),
      opts,
    );
    expect(checkBlockKit('message', msg)).toEqual([]);
    for (const t of mrkdwnTexts(msg.blocks)) expect(rawAngles(t)).toBe(false);
    expect(rawAngles(msg.text)).toBe(false);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(all).toMatch(/more product/); // 40 holdings: capped with a count
  });

  it('lists the next products to offer, with their chance and counts, escaped and within limits', () => {
    const nextProducts = [
      { productName: 'Analytics', score: 0.412, evidence: '13 of 21 customers who hold Reporting and Data Warehouse also hold Analytics (1.4× the average)' },
      { productName: 'Alerts', score: 0.003, evidence: '' },
      { productName: '<!channel> Forecasting', score: 0.2, evidence: `3 of 9 customers who hold <@U999> ${'x'.repeat(2000)}` },
    ];
    const msg = buildAccountCard(card({ nextProducts, holdings: Array.from({ length: 15 }, (_, i) => ({ product: `P${i} ${'y'.repeat(90)}`, mrrCents: 1000 })) }), opts);
    expect(checkBlockKit('message', msg)).toEqual([]);
    const all = mrkdwnTexts(msg.blocks).join('\n');
    expect(all).toContain('*Next products*\n1. Analytics — 41% · 13 of 21 customers who hold Reporting and Data Warehouse also hold Analytics (1.4× the average)\n2. Alerts — under 1%\n3. &lt;!channel&gt; Forecasting — 20% · 3 of 9');
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<@U999>');
    expect(mrkdwnTexts(buildAccountCard(card(), opts).blocks).join('\n')).not.toContain('Next products');
  });

  it('keeps the card small enough for a modal or home tab too', () => {
    const msg = buildAccountCard(card(), opts);
    expect(checkBlockKit('modal', { type: 'modal', title: { type: 'plain_text', text: 'Account' }, blocks: msg.blocks })).toEqual([]);
    expect(checkBlockKit('home', { type: 'home', blocks: msg.blocks })).toEqual([]);
  });
});
