import { describe, expect, it } from 'vitest';
import { localTime } from '../../../src/domain/clock.ts';
import {
  accountPrefixCandidates,
  colonAccountCandidates,
  dueFromLocalDate,
  LOG_HELP,
  MAX_SUMMARY_LENGTH,
  parseDue,
  parseLogCommand,
  splitAccountPrefix,
  zonedTimeToUtc,
  type LogCommand,
} from '../../../src/domain/log-command.ts';

// Wednesday 15 April 2026, 10:30 in New York (EDT, UTC−4)
const now = new Date('2026-04-15T14:30:00Z');
const NY = 'America/New_York';
const opts = { now, timeZone: NY };

function ok(text: string, o: Parameters<typeof parseLogCommand>[1] = opts): { value: LogCommand; warnings: string[] } {
  const r = parseLogCommand(text, o);
  if (!r.ok) throw new Error(`expected ok for ${JSON.stringify(text)}, got ${r.error.code}: ${r.error.message}`);
  return r;
}

describe('parseLogCommand: the grammar', () => {
  it.each<[string, Partial<LogCommand>]>([
    [
      'Acme: call, gave usage review, positive. next: send SSO pricing friday',
      {
        accountText: 'Acme', accountSource: 'colon', summary: 'gave usage review', medium: 'call', kind: 'give',
        sentiment: 'positive', nextStep: 'send SSO pricing friday', nextStepDue: new Date('2026-04-17T13:00:00Z'),
      },
    ],
    ['acme quick chat about renewal #ask #email', { accountText: 'acme', accountSource: 'first_word', summary: 'quick chat about renewal', kind: 'ask', medium: 'email' }],
    ['Acme: good call :slightly_smiling_face:', { summary: 'good call', medium: 'call', sentiment: 'positive' }],
    ['Acme: tough renewal talk :slightly_frowning_face: #meeting', { summary: 'tough renewal talk', medium: 'meeting', sentiment: 'negative' }],
    ['Acme: pricing pushback 👎', { summary: 'pricing pushback', sentiment: 'negative' }],
    ['Acme: great demo :+1::skin-tone-3:', { summary: 'great demo', sentiment: 'positive' }],
    ['Acme: great demo 👍🏽', { summary: 'great demo', sentiment: 'positive' }],
    ['Acme: sent the benchmark report #gave #email #positive', { summary: 'sent the benchmark report', kind: 'give', medium: 'email', sentiment: 'positive' }],
    ['Acme: shared a benchmark, gave value', { summary: 'shared a benchmark', kind: 'give' }],
    ['Acme: asked for the renewal meeting', { summary: 'asked for the renewal meeting', kind: 'ask', medium: 'meeting' }],
    ['Acme: invoice question #neutral #chat', { summary: 'invoice question', kind: 'neutral', medium: 'chat' }],
    ['Acme: visited HQ, in person', { summary: 'visited HQ', medium: 'visit' }],
    ['Acme: call, positive', { summary: 'call, positive', medium: 'call', sentiment: 'positive' }], // nothing but markers: kept
    ['Acme: roadmap review #renewal #q3', { summary: 'roadmap review #renewal #q3' }], // unknown tags stay
    ['Acme: check-in at 3:30 went fine', { accountText: 'Acme', summary: 'check-in at 3:30 went fine' }],
    ['Acme quick chat :smile: see https://example.com/a:b', { accountText: 'Acme', accountSource: 'first_word', summary: 'quick chat see https://example.com/a:b', sentiment: 'positive' }],
    ['Acme - call about SSO', { accountText: 'Acme', summary: 'call about SSO', medium: 'call' }],
    // a sign or an ellipsis that starts the rep's words is theirs, not a separator
    ['Acme: -20% discount requested', { summary: '-20% discount requested' }],
    ['Acme: ...and then they churned', { summary: '...and then they churned' }],
    ['Acme: — quote sent', { summary: 'quote sent' }],
    // a dash standing alone before next: (or at the end) is a separator; one ending a word is the rep's
    ['Acme: call — next: demo friday', { summary: 'call', nextStep: 'demo friday' }],
    ['Acme: call – next: demo friday', { summary: 'call' }],
    ['Acme: call about pricing - , next: demo friday', { summary: 'call about pricing' }],
    ['Acme: call -- — ', { summary: 'call' }],
    ['Acme: talked pre- and post-sales', { summary: 'talked pre- and post-sales' }],
    ['Acme: wants a pre-', { summary: 'wants a pre-' }],
    ['Acme: chat next: demo friday —', { nextStep: 'demo friday' }],
    // the first date from today on is the due date; one that has passed is only mentioned
    ['Acme: chat next: recap what happened yesterday, send it friday', { nextStepDue: new Date('2026-04-17T13:00:00Z') }],
    ['Société Générale, Inc.: visit, positive', { accountText: 'Société Générale, Inc.', summary: 'visit, positive' }],
    ['Acme: chat NEXT STEP: send deck tomorrow', { summary: 'chat', nextStep: 'send deck tomorrow', nextStepDue: new Date('2026-04-16T13:00:00Z') }],
    ['Acme: chat. Next steps: demo tomorrow', { nextStep: 'demo tomorrow', nextStepDue: new Date('2026-04-16T13:00:00Z') }],
    ['Acme: chat. follow-up: demo tomorrow 3pm', { nextStep: 'demo tomorrow 3pm', nextStepDue: new Date('2026-04-16T19:00:00Z') }],
    ['Acme: chat next: ping them in 2 hours', { nextStepDue: new Date('2026-04-15T16:30:00Z') }],
    ['Acme: chat next: demo monday', { nextStepDue: new Date('2026-04-20T13:00:00Z') }], // coming Monday, not last
    ['Acme: chat next: send notes today', { nextStepDue: new Date('2026-04-16T03:59:00Z') }], // today after 09:00 → 23:59 local
    ['Acme: chat next: qbr june 3', { nextStepDue: new Date('2026-06-03T13:00:00Z') }],
    ['Acme: chat next: budget talk mar 3', { nextStepDue: new Date('2027-03-03T14:00:00Z') }], // passed this year → next (EST)
    ['Acme: chat next: call at 5', { nextStepDue: new Date('2026-04-15T21:00:00Z') }], // 5 o'clock that has passed means 5pm
    ['Acme: chat next: call tomorrow at 06:00', { nextStepDue: new Date('2026-04-16T10:00:00Z') }], // a 24-hour time means what it says
    ['Acme: chat next: call tomorrow at 5', { nextStepDue: new Date('2026-04-16T21:00:00Z') }],
    ['Acme: chat next: send deck friday #email', { medium: 'email', nextStep: 'send deck friday' }],
    // shift+enter: a line is a part like a comma's, and the summary keeps the rep's lines
    ['Acme: call\npositive\nnext: demo monday', { summary: 'call\npositive', medium: 'call', sentiment: 'positive', nextStep: 'demo monday', nextStepDue: new Date('2026-04-20T13:00:00Z') }],
    ['Acme: walked through the roadmap\nthey want SSO\n#positive\n\n\n\nnext: send pricing', { summary: 'walked through the roadmap\nthey want SSO', sentiment: 'positive', nextStep: 'send pricing' }],
    ['Acme:\nfirst line\n\n\n\nsecond line', { accountText: 'Acme', summary: 'first line\n\nsecond line' }],
    ['Acme\ncall about SSO: went well', { accountText: 'Acme', accountSource: 'first_word', summary: 'call about SSO: went well' }],
    ['Acme: ' + Array.from({ length: 30 }, (_, i) => `l${i}`).join('\n'), { summary: Array.from({ length: 19 }, (_, i) => `l${i}`).join('\n') + '\n' + Array.from({ length: 11 }, (_, i) => `l${i + 19}`).join(' ') }],
    // a CJK keyboard's full-width colon (and small colon) separates as ":" does
    ['Acme：call, next：demo friday', { accountText: 'Acme', accountSource: 'colon', summary: 'call', medium: 'call', nextStep: 'demo friday', nextStepDue: new Date('2026-04-17T13:00:00Z') }],
    ['Acme﹕quick chat about renewal', { accountText: 'Acme', accountSource: 'colon', summary: 'quick chat about renewal' }],
  ])('%s', (text, expected) => {
    const { value } = ok(text);
    expect(value).toMatchObject(expected);
  });

  it('leaves optional fields out when not given', () => {
    const { value, warnings } = ok('Acme: quarterly business review');
    expect(value).toEqual({ accountText: 'Acme', accountSource: 'colon', summary: 'quarterly business review' });
    expect(warnings).toEqual([]);
  });

  it('resolves the longest known account name when there is no colon', () => {
    const { value } = ok('Acme Corp quick chat about SSO', { ...opts, knownKeys: new Set(['acme', 'acme corp']) });
    expect(value).toMatchObject({ accountText: 'Acme Corp', accountSource: 'known_prefix', summary: 'quick chat about SSO', medium: 'chat' });
  });

  it.each<[string, string[], Partial<LogCommand>]>([
    // a known name up to a later colon wins, the longest such; else the first colon's text
    ['Acme: EMEA: call about the rollout', ['acme', 'acme emea'], { accountText: 'Acme: EMEA', accountSource: 'colon', summary: 'call about the rollout' }],
    ['Acme: EMEA: call about the rollout', ['acme emea'], { accountText: 'Acme: EMEA', summary: 'call about the rollout' }],
    ['Acme: EMEA: North: call', ['acme', 'acme emea', 'acme emea north'], { accountText: 'Acme: EMEA: North', summary: 'call' }],
    ['Acme: EMEA: call about the rollout', ['acme'], { accountText: 'Acme', summary: 'EMEA: call about the rollout' }],
    ['Acme: re: pricing', [], { accountText: 'Acme', summary: 're: pricing' }],
    // a few colons at most
    ['A: B: C: D: call', ['a b c d'], { accountText: 'A', summary: 'B: C: D: call' }],
  ])('%j with known %j', (text, keys, expected) => {
    expect(ok(text, { ...opts, knownKeys: keys }).value).toMatchObject(expected);
  });

  it('lists the keys before the first few colons, up to next:', () => {
    expect(colonAccountCandidates('Acme: EMEA: call at 3:30. next: x: y')).toEqual(['acme', 'acme emea']);
    expect(colonAccountCandidates('A: B: C: D: E')).toEqual(['a', 'a b', 'a b c']);
    expect(colonAccountCandidates('no colon here')).toEqual([]);
  });

  it('falls back to the first word when no known name starts the text', () => {
    const { value } = ok('Initech quick chat', { ...opts, knownKeys: ['acme'] });
    expect(value).toMatchObject({ accountText: 'Initech', accountSource: 'first_word', summary: 'quick chat' });
  });

  it('reads dates in the member timezone', () => {
    const tokyo = ok('Acme: chat next: send pricing friday', { now, timeZone: 'Asia/Tokyo' });
    expect(tokyo.value.nextStepDue).toEqual(new Date('2026-04-17T00:00:00Z')); // Fri 09:00 JST
    const utc = ok('Acme: chat next: send pricing friday', { now, timeZone: 'UTC' });
    expect(utc.value.nextStepDue).toEqual(new Date('2026-04-17T09:00:00Z'));
  });

  it('uses the offset of the due date, not of today, across a DST change', () => {
    // Thursday 5 March 2026 (EST); clocks go forward on Sunday 8 March
    const r = ok('Acme: chat next: demo monday', { now: new Date('2026-03-05T15:00:00Z'), timeZone: NY });
    expect(r.value.nextStepDue).toEqual(new Date('2026-03-09T13:00:00Z')); // 09:00 EDT
  });

  it('falls back to UTC, with a warning, for an unknown timezone', () => {
    const r = ok('Acme: chat next: call friday', { now, timeZone: 'Mars/Olympus' });
    expect(r.value.nextStepDue).toEqual(new Date('2026-04-17T09:00:00Z'));
    expect(r.warnings.join(' ')).toMatch(/timezone/);
  });

  it('keeps an undated next step, with a warning', () => {
    const r = ok('Acme: chat next: call them someday');
    expect(r.value.nextStep).toBe('call them someday');
    expect(r.value.nextStepDue).toBeUndefined();
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/couldn't find a date/);
    expect(r.warnings[0]).toMatch(/next: send pricing friday/);
  });

  it('does not read "Sun" in a company name as Sunday', () => {
    const r = ok('Acme: chat next: check in with Sun Microsystems');
    expect(r.value.nextStepDue).toBeUndefined();
  });

  it('warns about an empty next step and conflicting hashtags', () => {
    expect(ok('Acme: chat next:').warnings.join(' ')).toMatch(/nothing after it/);
    const r = ok('Acme: renewal talk #call #email');
    expect(r.value.medium).toBe('call');
    expect(r.warnings.join(' ')).toMatch(/more than one medium/);
  });
});

describe('parseLogCommand: hostile input', () => {
  it.each<[string, string, Partial<LogCommand>]>([
    ['mentions stay verbatim', '<!channel>: <@U123> said <!here> read <http://evil.example|this>', { accountText: '<!channel>', summary: '<@U123> said <!here> read <http://evil.example|this>' }],
    ['SQL-looking text is just text', "Acme: Robert'); DROP TABLE conversation;--", { summary: "Robert'); DROP TABLE conversation;--" }],
    ['Arabic', 'شركة الاتصالات: مكالمة جيدة عن التجديد', { accountText: 'شركة الاتصالات', summary: 'مكالمة جيدة عن التجديد' }],
    ['Hebrew', 'חברה בע"מ: שיחה טובה #positive', { accountText: 'חברה בע"מ', summary: 'שיחה טובה', sentiment: 'positive' }],
    ['emoji in the name', '🚀 Rocket Co: launch review 🎉', { accountText: '🚀 Rocket Co', summary: 'launch review', sentiment: 'positive' }],
    ['null bytes and controls removed', 'Ac\u0000me:\u0007 call\u0000 about SSO', { accountText: 'Acme', summary: 'call about SSO' }],
    ['prototype keys are not markers', 'Acme: #constructor #__proto__ toString, constructor', { summary: '#constructor #__proto__ toString, constructor' }],
    ['CRLF is a line break (a lone "call" line a marker); tabs collapse', 'Acme:\r\ncall\r\n\tabout SSO\r\nwith\tIT', { summary: 'about SSO\nwith IT', medium: 'call' }],
  ])('%s', (_label, text, expected) => {
    const r = parseLogCommand(text, opts);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.value).toMatchObject(expected);
  });

  it('treats a long sentence before a colon as text, not an account', () => {
    const text = 'Had a very long and winding call with the whole procurement team of the customer about many things: pricing';
    const r = ok(text);
    expect(r.value.accountSource).toBe('first_word');
    expect(r.value.accountText).toBe('Had');
  });

  it('accepts a summary of exactly 3,000 characters', () => {
    const r = ok('Acme: ' + 'x'.repeat(MAX_SUMMARY_LENGTH));
    expect(r.value.summary).toHaveLength(MAX_SUMMARY_LENGTH);
  });

  it('refuses a 5,000-character summary, saying so, unless asked to truncate', () => {
    const text = 'Acme: ' + 'word '.repeat(1000);
    const r = parseLogCommand(text, opts);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('summary_too_long');
      expect(r.error.message).toMatch(/4,999 characters; the limit is 3,000/);
    }
    const t = ok(text, { ...opts, truncateSummary: true });
    expect(t.value.summary.length).toBeLessThanOrEqual(MAX_SUMMARY_LENGTH);
    expect(t.value.summary.endsWith('…')).toBe(true);
    expect(t.warnings.join(' ')).toMatch(/cut to 3,000/);
  });

  it('refuses 5,000 characters of next step', () => {
    const r = parseLogCommand('Acme: call next: ' + 'y'.repeat(5_000), opts);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('next_step_too_long');
  });

  it('refuses a text over /log\'s cap before reading it, even when asked to truncate', () => {
    const r = parseLogCommand('Acme: ' + 'word '.repeat(2000), { ...opts, truncateSummary: true });
    expect(r).toMatchObject({ ok: false, error: { code: 'too_long', message: expect.stringMatching(/^That's 10,006 characters; \/log takes up to 8,000\./) } });
  });

  it('accepts the longest valid line: a 3,000-char summary, a 3,000-char next step, a long account and markers, within the cap', () => {
    const account = 'Acme Corporation International Holdings';
    const line = `${account}: ${'x'.repeat(MAX_SUMMARY_LENGTH)} #call #give #positive 👍 next: ${'y'.repeat(2990)} friday`;
    expect(line.length).toBeLessThanOrEqual(8_000);
    const r = ok(line);
    expect(r.value).toMatchObject({ accountText: account, medium: 'call', kind: 'give', sentiment: 'positive' });
    expect(r.value.nextStepDue).toBeInstanceOf(Date);
  });
});

describe('parseLogCommand: errors', () => {
  it.each<[string, string, string]>([
    ['empty', '', 'empty'],
    ['only spaces', '     ', 'empty'],
    ['only null bytes', '\u0000\u0000', 'empty'],
    ['help', 'help', 'help'],
    ['no account before the colon', ': had a call', 'no_account'],
    ['punctuation as the account', '!!!: had a call', 'no_account'],
    ['starts with next:', 'next: call friday', 'no_account'],
    ['account only', 'Acme:', 'no_summary'],
    ['account and hashtags only', 'Acme: #call #positive', 'no_summary'],
    ['one word, no colon', 'acme', 'no_summary'],
    ['due yesterday', 'Acme: call next: send deck yesterday', 'due_in_past'],
    ['due last friday', 'Acme: call next: send deck last friday', 'due_in_past'],
    ['due in 2024', 'Acme: call next: renewal 2024-01-01', 'due_in_past'],
    ['due earlier today', 'Acme: call next: ping at 8am', 'due_in_past'], // am said: not moved to tomorrow
  ])('%s → %s', (_label, text, code) => {
    const r = parseLogCommand(text, opts);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message.length).toBeGreaterThan(10);
    expect(r.error.example).toMatch(/^\/log \S+: /);
  });

  it('help returns the documented grammar', () => {
    const r = parseLogCommand('help', opts);
    expect(!r.ok && r.error.message).toBe(LOG_HELP);
    expect(LOG_HELP).toMatch(/next:/);
    expect(LOG_HELP).toMatch(/#give/);
  });
});

describe('account prefix helpers', () => {
  it('lists prefix keys, longest first, up to 8 words', () => {
    expect(accountPrefixCandidates('Acme Corp, quick chat')).toEqual(['acme corp quick chat', 'acme corp quick', 'acme corp', 'acme']);
    expect(accountPrefixCandidates('a b c d e f g h i j')).toHaveLength(8);
    expect(accountPrefixCandidates('')).toEqual([]);
    expect(accountPrefixCandidates('!!! ???')).toEqual([]);
  });

  it.each<[string, string[], { accountText: string; rest: string } | null]>([
    ['Acme Corp quick chat', ['acme', 'acme corp'], { accountText: 'Acme Corp', rest: 'quick chat' }],
    ['acme, quick chat', ['acme'], { accountText: 'acme', rest: 'quick chat' }],
    ['Société Générale call', ['societe generale'], { accountText: 'Société Générale', rest: 'call' }],
    ['Initech call', ['acme'], null],
    ['', ['acme'], null],
    ['<!channel> call', ['channel'], { accountText: '<!channel>', rest: 'call' }],
  ])('splitAccountPrefix(%j)', (text, keys, expected) => {
    expect(splitAccountPrefix(text, keys)).toEqual(expected);
  });
});

describe('parseDue and dueFromLocalDate', () => {
  it.each<[string, 'ok' | 'past' | 'none', string | null]>([
    ['friday', 'ok', '2026-04-17T13:00:00.000Z'],
    ['wednesday', 'ok', '2026-04-16T03:59:00.000Z'], // today, after 09:00
    ['next friday', 'ok', '2026-04-24T13:00:00.000Z'],
    ['friday 3pm EST', 'ok', '2026-04-17T20:00:00.000Z'],
    ['yesterday', 'past', null],
    ['discuss yesterday, send recap friday', 'ok', '2026-04-17T13:00:00.000Z'],
    ['last friday and last monday', 'past', null],
    ['someday', 'none', null],
    ['', 'none', null],
    ['<!channel>', 'none', null],
  ])('parseDue(%j)', (text, kind, iso) => {
    const r = parseDue(text, now, NY);
    expect(r.kind).toBe(kind);
    if (iso && r.kind !== 'none') expect(r.due.toISOString()).toBe(iso);
  });

  it.each<[string, 'ok' | 'past' | 'none', string | null]>([
    ['2026-04-20', 'ok', '2026-04-20T13:00:00.000Z'],
    ['2026-04-15', 'ok', '2026-04-16T03:59:00.000Z'],
    ['2026-04-14', 'past', null],
    ['2026-02-30', 'none', null],
    ['tomorrow', 'none', null],
    ['', 'none', null],
  ])('dueFromLocalDate(%j)', (date, kind, iso) => {
    const r = dueFromLocalDate(date, now, NY);
    expect(r.kind).toBe(kind);
    if (iso && r.kind !== 'none') expect(r.due.toISOString()).toBe(iso);
  });

  it('converts local wall-clock time to UTC in either DST state', () => {
    expect(zonedTimeToUtc(2026, 1, 15, 9, 0, NY).toISOString()).toBe('2026-01-15T14:00:00.000Z');
    expect(zonedTimeToUtc(2026, 7, 15, 9, 0, NY).toISOString()).toBe('2026-07-15T13:00:00.000Z');
    expect(zonedTimeToUtc(2026, 7, 15, 9, 0, 'Asia/Kolkata').toISOString()).toBe('2026-07-15T03:30:00.000Z');
  });

  // DST edges, west and east of UTC: a time skipped by spring-forward moves forward by the gap;
  // a time that happens twice at fall-back is the later one (as Postgres reads it)
  it.each([
    ['New York, skipped 02:30 → 03:30 EDT', [2026, 3, 8, 2, 30, NY], '2026-03-08T07:30:00.000Z'],
    ['New York, 01:59 before the gap (EST)', [2026, 3, 8, 1, 59, NY], '2026-03-08T06:59:00.000Z'],
    ['New York, 03:00 right after the gap (EDT)', [2026, 3, 8, 3, 0, NY], '2026-03-08T07:00:00.000Z'],
    ['New York, 01:30 twice at fall-back → the later (EST)', [2026, 11, 1, 1, 30, NY], '2026-11-01T06:30:00.000Z'],
    ['New York, 02:00 after fall-back (EST)', [2026, 11, 1, 2, 0, NY], '2026-11-01T07:00:00.000Z'],
    ['Berlin, skipped 02:30 → 03:30 CEST', [2026, 3, 29, 2, 30, 'Europe/Berlin'], '2026-03-29T01:30:00.000Z'],
    ['Berlin, 02:30 twice at fall-back → the later (CET)', [2026, 10, 25, 2, 30, 'Europe/Berlin'], '2026-10-25T01:30:00.000Z'],
    ['Sydney, skipped 02:30 → 03:30 AEDT', [2026, 10, 4, 2, 30, 'Australia/Sydney'], '2026-10-03T16:30:00.000Z'],
  ] as const)('zonedTimeToUtc: %s', (_name, [y, mo, d, h, mi, tz], iso) => {
    expect(zonedTimeToUtc(y, mo, d, h, mi, tz).toISOString()).toBe(iso);
  });

  it('zonedTimeToUtc refuses an unknown zone or an impossible field instead of returning an Invalid Date', () => {
    expect(() => zonedTimeToUtc(2026, 1, 15, 9, 0, 'Mars/Olympus')).toThrow(RangeError);
    expect(() => zonedTimeToUtc(2026, 2, 30, 9, 0, NY)).toThrow(RangeError);
  });
});

describe('parseDue across offset changes (the zone offset is remembered per minute)', () => {
  // one after the other, as a burst would: each answer must be the zone's own at that instant
  const instants: [string, string][] = [
    ['Europe/Berlin', '2026-03-28T22:30:00Z'], // 23:30 CET on the 28th
    ['Europe/Berlin', '2026-03-29T22:30:00Z'], // 00:30 CEST on the 30th: an offset kept from the day before says the 29th
    ['Europe/Berlin', '2026-03-29T00:59:30Z'], // 01:59:30 CET, 30 s before clocks go forward
    ['Europe/Berlin', '2026-03-29T01:00:10Z'], // 03:00:10 CEST
    ['Europe/Berlin', '2026-10-25T00:59:50Z'], // 02:59:50 CEST, clocks go back at 01:00 UTC
    ['Europe/Berlin', '2026-10-25T01:00:05Z'], // 02:00:05 CET
    ['America/New_York', '2026-11-01T05:59:59Z'],
    ['America/New_York', '2026-11-01T06:00:00Z'],
    ['Pacific/Auckland', '2026-04-04T13:59:00Z'], // the last minute of NZDT: 02:59 local on the 5th
    ['Pacific/Auckland', '2026-04-04T14:00:00Z'],
    ['Pacific/Kiritimati', '2026-06-30T10:30:00Z'], // +14: already 1 July there
    ['Pacific/Pago_Pago', '2026-07-01T05:00:00Z'], // -11: still 30 June there
    ['Australia/Lord_Howe', '2026-04-04T14:59:00Z'], // a half-hour DST shift
    ['Australia/Lord_Howe', '2026-04-04T15:00:00Z'],
  ];
  it.each(instants)('%s at %s: "today 11:59pm" is today there, "tomorrow" the next local day', (zone, iso) => {
    const now = new Date(iso);
    const today = localTime(now, zone).date;
    const late = parseDue('today 11:59pm', now, zone);
    expect(late.kind).toBe('ok');
    expect(localTime((late as { due: Date }).due, zone)).toMatchObject({ date: today, hour: 23, minute: 59 });
    const tomorrow = parseDue('tomorrow', now, zone);
    const next = new Date(Date.UTC(Number(today.slice(0, 4)), Number(today.slice(5, 7)) - 1, Number(today.slice(8, 10)) + 1)).toISOString().slice(0, 10);
    expect(tomorrow.kind).toBe('ok');
    expect(localTime((tomorrow as { due: Date }).due, zone).date).toBe(next);
  });
});

describe('parseDue: numeric dates in the member\'s order, only where meant as a date', () => {
  // Friday 28 March 2025, 11:00 in Berlin, 06:00 in New York
  const march = new Date('2025-03-28T10:00:00Z');
  const BERLIN = 'Europe/Berlin';
  it.each<[string, string, 'ok' | 'past' | 'none', string | null]>([
    // day first outside the Americas, month first in them; dotted dates day first everywhere
    ['send deck by 3/4', BERLIN, 'ok', '2025-04-03T07:00:00.000Z'],
    ['send deck by 03.04.2025', BERLIN, 'ok', '2025-04-03T07:00:00.000Z'],
    ['send deck by 04/03', BERLIN, 'ok', '2026-03-04T08:00:00.000Z'],
    ['send deck by 15/4', BERLIN, 'ok', '2025-04-15T07:00:00.000Z'],
    ['send deck by 4/15', NY, 'ok', '2025-04-15T13:00:00.000Z'],
    ['send deck by 3/4', NY, 'ok', '2026-03-04T14:00:00.000Z'],
    ['send deck by 03.04.', NY, 'ok', '2025-04-03T13:00:00.000Z'],
    // Latin America writes day first; the Philippines month first
    ['send deck by 5/4', 'America/Sao_Paulo', 'ok', '2025-04-05T12:00:00.000Z'],
    ['send deck by 5/4', 'America/Mexico_City', 'ok', '2025-04-05T15:00:00.000Z'],
    ['send deck by 4/5', 'Asia/Manila', 'ok', '2025-04-05T01:00:00.000Z'],
    ['send deck by 4/5', 'America/Chicago', 'ok', '2025-04-05T14:00:00.000Z'],
    ['fri 4.4. call them', BERLIN, 'ok', '2025-04-04T07:00:00.000Z'],
    ['send deck 3/4 2pm', BERLIN, 'ok', '2025-04-03T12:00:00.000Z'],
    ['send deck 3/4.', BERLIN, 'ok', '2025-04-03T07:00:00.000Z'],
    // an order that gives no date is no date (never swapped to fit)
    ['send deck by 15/4', NY, 'none', null],
    ['send deck by 31/4', BERLIN, 'none', null],
    // numbers that are not meant as a date stay text
    ['review 24/7 support plan', NY, 'none', null],
    ['support is 24/7', BERLIN, 'none', null],
    ['send the 1/2 day workshop agenda', NY, 'none', null],
    ['send recap of the 3/1 meeting', NY, 'none', null],
    ['2/3 of seats are idle, ask', BERLIN, 'none', null],
    ['send the q3/4 report', BERLIN, 'none', null],
    ['usage grew 3.4 percent', BERLIN, 'none', null],
  ])('parseDue(%j) in %s', (text, tz, kind, iso) => {
    const r = parseDue(text, march, tz);
    expect(r.kind).toBe(kind);
    if (iso && r.kind !== 'none') expect(r.due.toISOString()).toBe(iso);
  });

  it('says so when a typed date moves a year ahead', () => {
    const r = parseLogCommand('Berlin GmbH: call. next: send deck by 04/03', { now: march, timeZone: BERLIN });
    if (!r.ok) throw new Error(r.error.message);
    expect(r.value.nextStepDue?.toISOString()).toBe('2026-03-04T08:00:00.000Z');
    expect(r.warnings).toEqual(['"04/03" has passed this year, so I read it as Wed 4 Mar 2026. Add the year if you meant another.']);
    const same = parseLogCommand('Berlin GmbH: call. next: send deck by 3/4', { now: march, timeZone: BERLIN });
    expect(same.ok && same.warnings).toEqual([]);
    // in December, January is plainly next year's
    const january = parseLogCommand('Berlin GmbH: call. next: send deck by 5/1', { now: new Date('2025-12-20T10:00:00Z'), timeZone: BERLIN });
    expect(january.ok && [january.value.nextStepDue?.toISOString(), january.warnings]).toEqual(['2026-01-05T08:00:00.000Z', []]);
  });
});

describe('parseDue: a clock time with no day is the next such time in working hours', () => {
  it.each<[string, string, string]>([
    // [text, now (UTC), due as New York wall clock]
    ['call back at 5', '2026-04-16T03:30:00Z', '2026-04-16 17:00:00'], // said at 23:30: tomorrow's 5pm, not refused
    ['call at 9:30', '2026-04-15T22:30:00Z', '2026-04-16 09:30:00'], // said at 18:30: tomorrow morning, not 21:30 tonight
    ['call at 5', '2026-04-15T14:30:00Z', '2026-04-15 17:00:00'],
    ['call at 7', '2026-04-15T10:30:00Z', '2026-04-15 07:00:00'], // 06:30: still ahead
    ['tomorrow at 5', '2026-04-15T14:30:00Z', '2026-04-16 17:00:00'], // not 05:00
    ['at noon', '2026-04-15T20:30:00Z', '2026-04-16 12:00:00'],
    ['today at 9', '2026-04-15T14:30:00Z', '2026-04-15 21:00:00'], // today said: tonight's 9
    // 2026-04-15 is a Wednesday: its own name with a time that has passed is next week's
    ['wednesday at 9', '2026-04-15T22:30:00Z', '2026-04-22 09:00:00'],
    ['call wednesday at 9am', '2026-04-15T22:30:00Z', '2026-04-22 09:00:00'],
    ['wednesday at 5', '2026-04-15T22:30:00Z', '2026-04-22 17:00:00'],
    ['wednesday at 5', '2026-04-15T14:30:00Z', '2026-04-15 17:00:00'], // 10:30: still ahead today
    ['wednesday at 9', '2026-04-15T12:00:00Z', '2026-04-15 09:00:00'], // 08:00: still ahead today
    ['thursday at 9', '2026-04-15T22:30:00Z', '2026-04-16 09:00:00'],
  ])('%j at %s', (text, iso, local) => {
    const r = parseDue(text, new Date(iso), NY);
    expect(r.kind).toBe('ok');
    if (r.kind === 'ok') expect(r.due.toLocaleString('sv-SE', { timeZone: NY })).toBe(local);
  });
});
