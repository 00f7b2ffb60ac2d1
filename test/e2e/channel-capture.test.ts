// Capturing touches from linked channels (issue 16), end to end: `/tend link`, signed
// `message` events shaped like Slack's (test/fixtures/slack/payloads/event_callback.message.captured.json),
// folding, the stall clock and a "going quiet" nudge, what does not count, the unlinked channel
// answered at the edge, a redelivered event, private channels, snippets (Slack's encoded text read
// as the sender saw it), the "Log to Tend" shortcut and give reactions (the default :gift:, and a
// workspace's own emoji). An unlinked channel's message is checked on the server's side: answered
// at the edge (its own latency label, median under 50 ms), with no database query at all; the
// load-independent figures are `npm run bench -- capture`'s. A channel linked in another
// workspace is test/e2e/channel-capture-tenants.test.ts's (this app serves one team).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { BLOCKS, CALLBACKS } from '../../src/views/ids.ts';
import { seedNudge, until } from '../support/nudge-factory.ts';
import { appHomeOpenedEvent, eventBody, nowSec, postSigned, reactionAddedEvent, triggerId } from '../support/slack-sign.ts';
import { ALICE, answerOf, BOB, interact, makeAccount, SIGNING_SECRET, slash, startEnv, stopEnv, TEAM, textOf, workspaceId, type Env } from './support.ts';

const FIXTURE = JSON.parse(readFileSync(path.join(import.meta.dirname, '../fixtures/slack/payloads/event_callback.message.captured.json'), 'utf8'));

const CUSTOMER_TEAM = 'T0CUSTOMER';
const CAROL = 'U0CAROL001'; // the customer's person, in a Slack Connect channel
const SHARED = 'C0ACMESHRD';
const ELSEWHERE = 'C0RANDOM01';

/** The app's warnings and errors (pino levels 40 and 50), to check that odd input logs none. */
const problems: { level: number; msg: string }[] = [];
const sink = new Writable({
  write(chunk: Buffer, _enc, done) {
    for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) problems.push(JSON.parse(line));
    done();
  },
});

/** Runs `fn` and expects the app to have logged no warning or error meanwhile. */
async function quietly(fn: () => Promise<void>): Promise<void> {
  const from = problems.length;
  await fn();
  expect(problems.slice(from).map((p) => p.msg)).toEqual([]);
}

let env: Env;
let ws: number;
beforeAll(async () => {
  env = await startEnv({}, { log: createLogger('warn', 'tend', sink) });
  ws = await workspaceId(env).catch(async () => {
    await makeAccount(env, 'Warmup');
    return workspaceId(env);
  });
});
afterAll(async () => {
  await stopEnv(env);
});

type Msg = { channel: string; user: string; text?: string; ts?: string; userTeam?: string; subtype?: string; botId?: string; files?: unknown[]; extra?: Record<string, unknown> };

/** A message event as Slack sends it (the captured fixture's shape, our values). */
function messageEvent(m: Msg): Record<string, unknown> & { type: string } {
  const ts = m.ts ?? `${nowSec()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  const { client_msg_id: _drop, ...base } = FIXTURE.event;
  return {
    ...base,
    type: 'message',
    text: m.text ?? 'hello',
    user: m.user,
    ts,
    event_ts: ts,
    team: m.userTeam ?? TEAM,
    ...(m.userTeam ? { user_team: m.userTeam, source_team: m.userTeam } : {}),
    channel: m.channel,
    channel_type: 'channel',
    ...(m.subtype ? { subtype: m.subtype } : {}),
    ...(m.botId ? { bot_id: m.botId } : {}),
    ...(m.files ? { files: m.files } : {}),
    ...m.extra,
  };
}

async function sendEvent(event: Record<string, unknown> & { type: string }, o: { eventId?: string; retry?: number; team?: string } = {}) {
  const body = eventBody({ team_id: o.team ?? TEAM, event, ...(o.eventId ? { event_id: o.eventId } : {}), is_ext_shared_channel: true });
  const res = await postSigned(`${env.app.url}/slack/events`, {
    body,
    secret: SIGNING_SECRET,
    timestamp: nowSec() + (o.retry ?? 0),
    headers: o.retry ? { 'x-slack-retry-num': String(o.retry), 'x-slack-retry-reason': 'http_timeout' } : {},
  });
  return { status: res.status, text: await res.text() };
}

const send = (m: Msg, o: { eventId?: string; retry?: number; team?: string } = {}) => sendEvent(messageEvent(m), o);

/** A message_deleted event as Slack documents it (hidden, deleted_ts, the message as it was). */
function deletion(channel: string, ts: string, prev: Record<string, unknown>): Record<string, unknown> & { type: string } {
  const now = `${nowSec()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return { type: 'message', subtype: 'message_deleted', hidden: true, channel, channel_type: 'channel', ts: now, event_ts: now, deleted_ts: ts, previous_message: { type: 'message', ts, ...prev } };
}

/** A message_changed event: an edit of the message sent at `ts` (the new message is a tombstone when a thread's parent is deleted). */
function edit(channel: string, ts: string, prev: Record<string, unknown>, next: Record<string, unknown>): Record<string, unknown> & { type: string } {
  const now = `${nowSec()}.${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`;
  return {
    type: 'message', subtype: 'message_changed', hidden: true, channel, channel_type: 'channel', ts: now, event_ts: now,
    message: { type: 'message', ts, edited: { user: prev.user, ts: now }, ...prev, ...next }, previous_message: { type: 'message', ts, ...prev },
  };
}

async function captured(accountId: number) {
  const { rows } = await env.app.db.pool.query(
    `select direction, message_count::int as n, channel_id, summary, kind, source, occurred_at from conversation
     where workspace_id = $1 and account_id = $2 and source = 'channel' order by occurred_at, direction`,
    [ws, accountId],
  );
  return rows as { direction: string; n: number; channel_id: string; summary: string; kind: string; source: string; occurred_at: Date }[];
}

const total = async (accountId: number) => (await captured(accountId)).reduce((s, r) => s + r.n, 0);

async function link(channel: string, account: string, user = ALICE) {
  const a = await slash(env, '/tend', `link <#${channel}|acme-shared> ${account}`, { user });
  expect(a.status).toBe(200);
  return textOf(await answerOf(env, a));
}

/** Start of the previous full hour, so a burst of timestamps stays inside one hour. */
function hourStartSec(hoursAgo = 1): number {
  return Math.floor(Date.now() / 3_600_000) * 3600 - hoursAgo * 3600;
}

describe('/tend link and unlink', () => {
  it('links a channel given as a mention, lists it on the card, and unlinks it', async () => {
    const acc = await makeAccount(env, 'Linkable Ltd');
    expect(await link('C0LINKABLE', 'Linkable')).toContain('now count as touches of *Linkable Ltd*');
    const card = await slash(env, '/account', 'Linkable Ltd');
    expect(textOf(await answerOf(env, card))).toContain('<#C0LINKABLE>');
    const un = await slash(env, '/tend', 'unlink <#C0LINKABLE>');
    expect(textOf(await answerOf(env, un))).toContain('no longer counts as touches of *Linkable Ltd*');
    const { rows } = await env.app.db.pool.query('select count(*)::int as n from channel_link where workspace_id = $1 and account_id = $2', [ws, acc]);
    expect(rows[0].n).toBe(0);
  });

  it('refuses a channel that is not a mention, and an account that does not exist, saving nothing', async () => {
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'link acme-shared Acme')))).toContain('Name the channel as a mention');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'link <#C0NOPE0001|x> Nobody Such')))).toContain('No account matches');
    const { rows } = await env.app.db.pool.query(`select count(*)::int as n from channel_link where channel_id = 'C0NOPE0001'`);
    expect(rows[0].n).toBe(0);
  });
});

describe('a message in a linked channel is a touch', () => {
  let acme: number;
  let nudgeId: number;
  beforeAll(async () => {
    // Acme went quiet 60 days ago and has an open "stalled" nudge
    const n = await seedNudge(env.app.db.pool, ws, { accountName: 'Acme Shared Co', kind: 'stalled' });
    acme = n.accountId;
    nudgeId = n.nudgeId;
    await env.app.db.pool.query(
      `insert into conversation (workspace_id, account_id, occurred_at, summary, source) values ($1, $2, now() - interval '60 days', 'old call', 'import')`,
      [ws, acme],
    );
    await env.app.db.pool.query(`update account set name_key = 'acme shared co' where id = $1`, [acme]);
    await link(SHARED, 'Acme Shared Co');
  });

  it("a customer's message resets the stall clock and retires the going-quiet nudge", async () => {
    const before = await env.app.db.pool.query('select last_touch_at from account_rollup where account_id = $1', [acme]);
    const r = await send({ channel: SHARED, user: CAROL, userTeam: CUSTOMER_TEAM, text: 'Can we talk renewal?' });
    expect(r.status).toBe(200);
    await until(async () => (await total(acme)) === 1, 10_000, 'capture');
    const rows = await captured(acme);
    expect(rows[0]).toMatchObject({ direction: 'customer', n: 1, channel_id: SHARED, source: 'channel', kind: 'neutral', summary: '' });
    // the rollup is refreshed just after the hour's first row is written: wait for it, not for the row
    const after = await until(async () => {
      const { rows: r } = await env.app.db.pool.query('select last_touch_at from account_rollup where account_id = $1', [acme]);
      return r[0]?.last_touch_at && r[0].last_touch_at.getTime() > Date.now() - 120_000 ? r[0] : null;
    }, 5_000, 'the stall clock reset');
    if (before.rows[0]?.last_touch_at) expect(after.last_touch_at.getTime()).toBeGreaterThan(before.rows[0].last_touch_at.getTime());
    const nudge = await until(async () => {
      const { rows: n } = await env.app.db.pool.query('select status, resolution from nudge where id = $1', [nudgeId]);
      return n[0].status === 'resolved' ? n[0] : null;
    }, 5_000, 'nudge retired');
    expect(nudge.resolution).toBe('touch');
    // the card says where the last touch happened
    const card = textOf(await answerOf(env, await slash(env, '/account', 'Acme Shared Co')));
    expect(card).toContain(`in <#${SHARED}>`);
  });

  it('500 messages in an hour fold into at most 2 rows (one per side), with their count', async () => {
    const acc = await makeAccount(env, 'Busy Channel Inc');
    await link('C0BUSYCHAN', 'Busy Channel Inc');
    const h = hourStartSec(2);
    const jobs = Array.from({ length: 500 }, (_, i) => () =>
      send({ channel: 'C0BUSYCHAN', user: i % 2 ? CAROL : ALICE, ...(i % 2 ? { userTeam: CUSTOMER_TEAM } : {}), ts: `${h + Math.floor(i * 7)}.${String(i).padStart(6, '0')}` }));
    for (let i = 0; i < jobs.length; i += 20) {
      const res = await Promise.all(jobs.slice(i, i + 20).map((j) => j()));
      for (const r of res) expect(r.status).toBe(200);
    }
    await until(async () => (await total(acc)) === 500, 60_000, '500 captured');
    const rows = await captured(acc);
    expect(rows.length).toBeLessThanOrEqual(2);
    expect(rows.map((r) => [r.direction, r.n]).sort()).toEqual([['customer', 250], ['team', 250]]);
    // the stall clock stands at the last message, as the rollup the scan reads says
    const { rows: r } = await env.app.db.pool.query(
      `select r.touch_count, r.last_touch_at = (select max(occurred_at) from conversation c where c.account_id = r.account_id) as at_last,
              (extract(epoch from r.last_touch_at))::int as last
       from account_rollup r where r.account_id = $1`,
      [acc],
    );
    expect(r[0]).toMatchObject({ touch_count: 2, at_last: true, last: h + Math.floor(499 * 7) });
  }, 120_000);

  it('a bot message, a join, an edit, a delete and a topic change count no touch, and log no warning or error', () => quietly(async () => {
    const acc = await makeAccount(env, 'Quiet Bots');
    await link('C0QUIETBOT', 'Quiet Bots');
    const evs = [
      messageEvent({ channel: 'C0QUIETBOT', user: 'U0SOMEBOT1', botId: 'B0OTHERBOT', subtype: 'bot_message' }),
      messageEvent({ channel: 'C0QUIETBOT', user: 'U0SOMEBOT1', botId: 'B0OTHERBOT' }),
      messageEvent({ channel: 'C0QUIETBOT', user: CAROL, subtype: 'channel_join', text: '<@U0CAROL001> has joined the channel' }),
      messageEvent({ channel: 'C0QUIETBOT', user: CAROL, subtype: 'channel_topic', text: 'set the topic' }),
      { type: 'message', subtype: 'message_changed', channel: 'C0QUIETBOT', hidden: true, ts: `${nowSec()}.000200`, message: { type: 'message', user: CAROL, text: 'edited', ts: `${nowSec()}.000100` }, previous_message: { type: 'message', user: CAROL, text: 'orig', ts: `${nowSec()}.000100` } },
      { type: 'message', subtype: 'message_deleted', channel: 'C0QUIETBOT', hidden: true, ts: `${nowSec()}.000300`, deleted_ts: `${nowSec()}.000100`, previous_message: { type: 'message', user: CAROL, text: 'orig', ts: `${nowSec()}.000100` } },
    ];
    for (const e of evs) expect((await sendEvent(e as never)).status).toBe(200);
    // a real message after them, so the listener has certainly run past the ignored ones
    await send({ channel: 'C0QUIETBOT', user: ALICE, text: 'the one that counts' });
    await until(async () => (await total(acc)) >= 1, 10_000, 'the counted message');
    await new Promise((r) => setTimeout(r, 200));
    expect(await total(acc)).toBe(1);
  }));

  it('bad input: a 40,000-character message, a files-only message and a sender Tend never saw are touches; nothing errors or warns', () => quietly(async () => {
    const acc = await makeAccount(env, 'Odd Input');
    await link('C0ODDINPUT', 'Odd Input');
    const h = hourStartSec(3);
    const r1 = await send({ channel: 'C0ODDINPUT', user: 'U0STRANGER', userTeam: CUSTOMER_TEAM, text: 'x'.repeat(40_000), ts: `${h + 1}.000001` });
    const r2 = await send({ channel: 'C0ODDINPUT', user: ALICE, text: '', subtype: 'file_share', files: [{ id: 'F0FILE0001', name: 'deck.pdf' }], ts: `${h + 2}.000001` });
    // 40,000 characters as the sender typed them, all '&': Slack sends 200,000 ('&amp;' each), still one message
    const r3 = await send({ channel: 'C0ODDINPUT', user: 'U0STRANGER', userTeam: CUSTOMER_TEAM, text: '&amp;'.repeat(40_000), ts: `${h + 3}.000001` });
    expect([r1.status, r2.status, r3.status]).toEqual([200, 200, 200]);
    await until(async () => (await total(acc)) === 3, 10_000, 'all three captured');
    expect((await captured(acc)).map((r) => [r.direction, r.n]).sort()).toEqual([['customer', 2], ['team', 1]]);
  }));

  it('a message in an unlinked channel writes nothing and is answered at the edge, with no database query, in under 50 ms (median)', async () => {
    const count = async () => (await env.app.db.pool.query('select (select count(*) from conversation)::int as c, (select count(*) from slack_event)::int as e')).rows[0];
    const { rt } = env.app.running;
    // the server's own clock: observations of the ack histogram labelled as the edge's answer
    const edge = async () => {
      const { values } = await rt.metrics.commandLatency.get();
      const mine = values.filter((v) => v.labels.kind === 'event' && v.labels.name === 'message_unlinked');
      return {
        n: mine.find((v) => v.metricName === 'tend_command_ack_seconds_count')?.value ?? 0,
        within50ms: mine.find((v) => v.metricName === 'tend_command_ack_seconds_bucket' && (v.labels as { le?: number }).le === 0.05)?.value ?? 0,
      };
    };
    // loads the team's linked set once, and warms the path up
    for (let i = 0; i < 5; i++) await send({ channel: ELSEWHERE, user: ALICE });
    const before = await count();
    const edgeBefore = await edge();
    // earlier tests' work after their ack (retiring nudges) is over: the pool is idle
    await until(async () => rt.db.pool.totalCount === rt.db.pool.idleCount && rt.db.pool.waitingCount === 0, 5_000, 'the app idle');
    // every query the app makes (its SQL and Prisma's) checks a client out of this pool
    let queries = 0;
    const onAcquire = () => void queries++;
    rt.db.pool.on('acquire', onAcquire);
    try {
      for (let i = 0; i < 20; i++) {
        // every fourth a deletion: it may blank a snippet in a linked channel, and costs nothing elsewhere
        const r = i % 4 === 3
          ? await sendEvent(deletion(ELSEWHERE, `${nowSec() - 60}.000001`, { user: CAROL, user_team: CUSTOMER_TEAM, text: 'gone' }))
          : await send({ channel: ELSEWHERE, user: i % 2 ? CAROL : ALICE, ...(i % 2 ? { userTeam: CUSTOMER_TEAM } : {}) });
        expect([r.status, r.text]).toEqual([200, '']);
      }
      await new Promise((r) => setTimeout(r, 200));
      expect(queries).toBe(0);
      // not even the event dedupe ran
      expect(await count()).toEqual(before);
      // the counter does see the app's queries: a linked channel's message makes some
      expect((await send({ channel: SHARED, user: CAROL, userTeam: CUSTOMER_TEAM })).status).toBe(200);
      await until(async () => queries > 0, 5_000, 'queries for a linked message');
    } finally {
      rt.db.pool.off('acquire', onAcquire);
    }
    const edgeAfter = await edge();
    // all 20 answered by the edge, so none reached Bolt; at least 11 within 50 ms: the median
    expect(edgeAfter.n - edgeBefore.n).toBe(20);
    expect(edgeAfter.within50ms - edgeBefore.within50ms).toBeGreaterThanOrEqual(11);
  });

  it('a redelivered event (same event_id, x-slack-retry-num) records once', async () => {
    const acc = await makeAccount(env, 'Retry Corp');
    await link('C0RETRYCOR', 'Retry Corp');
    const e = messageEvent({ channel: 'C0RETRYCOR', user: CAROL, userTeam: CUSTOMER_TEAM });
    for (const retry of [0, 1, 2]) expect((await sendEvent(e, { eventId: 'Ev0CAPRETRY1', retry })).status).toBe(200);
    await until(async () => (await total(acc)) >= 1, 10_000, 'captured');
    await new Promise((r) => setTimeout(r, 300));
    expect(await total(acc)).toBe(1);
  });

  it('a redelivery after the touch was written records once, even when retiring its nudges failed', async () => {
    const n = await seedNudge(env.app.db.pool, ws, { accountName: 'Flaky Retire Co', kind: 'stalled' });
    await env.app.db.pool.query(`update account set name_key = 'flaky retire co' where id = $1`, [n.accountId]);
    await link('C0FLAKYRET', 'Flaky Retire Co');
    // retiring this account's nudge fails (after the capture is written)
    await env.app.db.pool.query(`create or replace function test_fail_retire() returns trigger language plpgsql as $$ begin raise exception 'retire failed (test)'; end $$`);
    await env.app.db.pool.query(`create trigger test_fail_retire before update on nudge for each row when (old.account_id = ${Number(n.accountId)}) execute function test_fail_retire()`);
    const from = problems.length;
    try {
      const e = messageEvent({ channel: 'C0FLAKYRET', user: CAROL, userTeam: CUSTOMER_TEAM });
      expect((await sendEvent(e, { eventId: 'Ev0CAPFLAKY1' })).status).toBe(200);
      await until(async () => (await total(n.accountId)) >= 1, 10_000, 'captured');
      await new Promise((r) => setTimeout(r, 300));
      for (const retry of [1, 2]) expect((await sendEvent(e, { eventId: 'Ev0CAPFLAKY1', retry })).status).toBe(200);
      await new Promise((r) => setTimeout(r, 500));
      expect(await total(n.accountId)).toBe(1);
      expect((await env.app.db.pool.query('select status from nudge where id = $1', [n.nudgeId])).rows[0].status).toBe('open');
      // the failure is logged (and the log sink `quietly` reads hears it)
      expect(problems.slice(from).map((p) => p.msg)).toContain('could not retire the nudges a write answered');
    } finally {
      await env.app.db.pool.query('drop trigger if exists test_fail_retire on nudge');
    }
  });
});

describe('snippets', () => {
  it('are off by default; a manager turns them on; a stored snippet is bounded and escaped when shown', async () => {
    const acc = await makeAccount(env, 'Snippet Shop');
    await link('C0SNIPPETS', 'Snippet Shop');
    const h = hourStartSec(4);
    await send({ channel: 'C0SNIPPETS', user: CAROL, userTeam: CUSTOMER_TEAM, text: 'secret pricing', ts: `${h + 1}.000001` });
    await until(async () => (await total(acc)) === 1, 10_000, 'first');
    expect((await captured(acc))[0]!.summary).toBe('');

    // a rep may not change it; Bob (a Slack admin) may
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture snippets on')))).not.toContain('Snippets: on');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture snippets on', { user: BOB })))).toContain('Snippets: on');

    // as Slack sends it: a real @channel, then the same typed as text (encoded), a link, Q&A
    const hostile = `<!channel> typed &lt;!channel&gt; &lt;https://evil.example|click&gt; <https://acme.example/q|the quote> Q&amp;A ${'y'.repeat(5_000)}`;
    await send({ channel: 'C0SNIPPETS', user: CAROL, userTeam: CUSTOMER_TEAM, text: hostile, ts: `${h + 7200 + 1}.000001` });
    await until(async () => (await total(acc)) === 2, 10_000, 'second');
    const stored = (await captured(acc))[1]!.summary;
    expect(stored.length).toBeLessThanOrEqual(280);
    // kept as the sender saw it: plain text, escaped only when shown
    expect(stored.startsWith('@channel typed <!channel> <https://evil.example|click> the quote Q&A yyy')).toBe(true);
    const card = JSON.stringify(await answerOf(env, await slash(env, '/account', 'Snippet Shop')));
    expect(card).not.toContain('<!channel>');
    expect(card).not.toContain('<https://evil.example');
    expect(card).toContain('typed &lt;!channel&gt; &lt;https://evil.example|click&gt; the quote Q&amp;A');
    expect(card).not.toContain('&amp;amp;');
  });
});

describe('a captured message deleted or edited', () => {
  it("a deletion blanks the snippet of its side's hour, keeps the touch, and a retry changes nothing more; a deletion elsewhere touches no snippet", () => quietly(async () => {
    const acc = await makeAccount(env, 'Deleted Words');
    await link('C0DELWORDS', 'Deleted Words');
    const other = await makeAccount(env, 'Other Words');
    await link('C0OTHWORDS', 'Other Words');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture snippets on', { user: BOB })))).toContain('Snippets: on');
    const h = hourStartSec(5);
    const said = { user: CAROL, team: CUSTOMER_TEAM, user_team: CUSTOMER_TEAM, text: 'our budget is 40k, do not tell anyone' };
    await send({ channel: 'C0DELWORDS', user: CAROL, userTeam: CUSTOMER_TEAM, text: said.text, ts: `${h + 1}.000001` });
    await send({ channel: 'C0DELWORDS', user: ALICE, text: 'thanks, noted', ts: `${h + 2}.000001` });
    await send({ channel: 'C0OTHWORDS', user: CAROL, userTeam: CUSTOMER_TEAM, text: said.text, ts: `${h + 1}.000001` });
    await until(async () => (await total(acc)) === 2 && (await total(other)) === 1, 10_000, 'captured');
    expect((await captured(acc)).map((r) => [r.direction, r.summary])).toEqual([['customer', said.text], ['team', 'thanks, noted']]);

    const del = deletion('C0DELWORDS', `${h + 1}.000001`, said);
    expect((await sendEvent(del, { eventId: 'Ev0DELWORD1' })).status).toBe(200);
    await until(async () => (await captured(acc))[0]!.summary === '', 10_000, 'the snippet blanked');
    // the conversation still happened: the touch stays counted; the team's side keeps its words
    expect((await captured(acc)).map((r) => [r.direction, r.n, r.summary])).toEqual([['customer', 1, ''], ['team', 1, 'thanks, noted']]);
    // another channel's account is not this message's
    expect((await captured(other))[0]!.summary).toBe(said.text);

    // Slack's retry of the deletion, and a later message of the hour: nothing uncounted, the new words kept
    expect((await sendEvent(del, { eventId: 'Ev0DELWORD1', retry: 1 })).status).toBe(200);
    await send({ channel: 'C0DELWORDS', user: CAROL, userTeam: CUSTOMER_TEAM, text: 'see you Monday', ts: `${h + 3}.000001` });
    await until(async () => (await total(acc)) === 3, 10_000, 'the later message');
    expect((await captured(acc)).map((r) => [r.direction, r.n, r.summary]).sort()).toEqual([['customer', 2, 'see you Monday'], ['team', 1, 'thanks, noted']]);
    const { rows } = await env.app.db.pool.query('select touch_count from account_rollup where account_id = $1', [acc]);
    expect(rows[0].touch_count).toBe(2);
  }));

  it('an edit replaces a snippet that is its old text and leaves a later message\'s; a deleted thread parent (a tombstone, no team on it) blanks both sides', () => quietly(async () => {
    const acc = await makeAccount(env, 'Edited Words');
    await link('C0EDTWORDS', 'Edited Words');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture snippets on', { user: BOB })))).toContain('Snippets: on');
    const h = hourStartSec(6);
    const first = { user: ALICE, team: TEAM, text: 'the price is 12k' };
    const second = { user: ALICE, team: TEAM, text: 'call you at 5' };
    await send({ channel: 'C0EDTWORDS', user: ALICE, text: first.text, ts: `${h + 1}.000001` });
    await send({ channel: 'C0EDTWORDS', user: ALICE, text: second.text, ts: `${h + 2}.000001` });
    await until(async () => (await total(acc)) === 2, 10_000, 'captured');
    const summary = async () => (await captured(acc))[0]!.summary;
    expect(await summary()).toBe('call you at 5');

    // an edit of the earlier message: the snippet is the later one's, and stays
    expect((await sendEvent(edit('C0EDTWORDS', `${h + 1}.000001`, first, { text: 'the price is 15k' }))).status).toBe(200);
    // the kept message edited: the snippet follows it
    expect((await sendEvent(edit('C0EDTWORDS', `${h + 2}.000001`, second, { text: 'call you at 6' }))).status).toBe(200);
    await until(async () => (await summary()) === 'call you at 6', 10_000, 'the edit');
    expect((await captured(acc)).map((r) => r.n)).toEqual([2]);

    await send({ channel: 'C0EDTWORDS', user: CAROL, userTeam: CUSTOMER_TEAM, text: 'ok', ts: `${h + 3}.000001` });
    await until(async () => (await total(acc)) === 3, 10_000, 'the customer');
    const parent = { user: ALICE, text: 'call you at 6' };
    expect((await sendEvent(edit('C0EDTWORDS', `${h + 2}.000001`, parent, { subtype: 'tombstone', text: 'This message was deleted.', user: 'USLACKBOT' }))).status).toBe(200);
    await until(async () => (await captured(acc)).every((r) => r.summary === ''), 10_000, 'both blanked');
    expect((await captured(acc)).map((r) => [r.direction, r.n]).sort()).toEqual([['customer', 1], ['team', 2]]);
  }));
});

describe('private channels', () => {
  it("only someone in a private channel may link it, never one Tend can't see; its messages count but no snippet is kept", async () => {
    const acc = await makeAccount(env, 'Private Co');
    env.fake.addChannel('G0PRIVBOBS', { name: 'private-co', members: [BOB] });
    env.fake.addChannel('G0PRIVGONE', { name: 'private-gone', is_member: false });
    const links = async () => (await env.app.db.pool.query(`select channel_id from channel_link where workspace_id = $1 and channel_id like 'G0PRIV%' order by 1`, [ws])).rows.map((r) => r.channel_id);

    const notIn = textOf(await answerOf(env, await slash(env, '/tend', 'link <#G0PRIVBOBS|private-co> Private Co')));
    expect(notIn).toContain("is private and you're not in it");
    const unseen = textOf(await answerOf(env, await slash(env, '/tend', 'link <#G0PRIVGONE|private-gone> Private Co', { user: BOB })));
    expect(unseen).toContain("I can't see");
    expect(await links()).toEqual([]);

    // Slack not answering is not "I can't see it": the answer says to try again, and nothing is linked
    env.fake.failNext('conversations.info', { status: 429, retryAfter: 1 });
    const busy = textOf(await answerOf(env, await slash(env, '/tend', 'link <#G0PRIVBOBS|private-co> Private Co', { user: BOB })));
    expect(busy).toContain("couldn't check");
    expect(await links()).toEqual([]);
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'link <#G0PRIVBOBS|private-co> Private Co', { user: BOB })))).toContain('now count as touches of *Private Co*');
    expect(await links()).toEqual(['G0PRIVBOBS']);
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture snippets on', { user: BOB })))).toContain('Snippets: on');
    await send({ channel: 'G0PRIVBOBS', user: CAROL, userTeam: CUSTOMER_TEAM, text: 'the private pricing', extra: { channel_type: 'group' } });
    await until(async () => (await total(acc)) === 1, 10_000, 'captured');
    expect((await captured(acc))[0]!.summary).toBe('');

    // unlinked only by someone in it, too: to anyone else the answer names no account; with Slack
    // not answering, nobody's unlink goes ahead unchecked
    env.fake.failNext('conversations.info', { error: 'internal_error' });
    const unchecked = textOf(await answerOf(env, await slash(env, '/tend', 'unlink <#G0PRIVBOBS|private-co>')));
    expect(unchecked).toContain("couldn't check");
    expect(unchecked).not.toContain('Private Co');
    expect(await links()).toEqual(['G0PRIVBOBS']);
    const outsider = textOf(await answerOf(env, await slash(env, '/tend', 'unlink <#G0PRIVBOBS|private-co>')));
    expect(outsider).toContain("is private and you're not in it, so nothing was unlinked");
    expect(outsider).not.toContain('Private Co');
    expect(await links()).toEqual(['G0PRIVBOBS']);
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'unlink <#G0PRIVBOBS|private-co>', { user: BOB })))).toContain('no longer counts as touches of *Private Co*');
    expect(await links()).toEqual([]);
  });
});

describe('the "Log to Tend" message shortcut', () => {
  it("opens the log form with the message's text (trimmed) and the channel's linked account", async () => {
    const acc = await makeAccount(env, 'Shortcut Co');
    await link('C0SHORTCUT', 'Shortcut Co');
    const trigger = triggerId();
    const a = await interact(env, {
      type: 'message_action', token: 'verification_token', action_ts: `${nowSec()}.000100`, callback_id: CALLBACKS.logToTend, trigger_id: trigger,
      team: { id: TEAM, domain: 'tend-test' }, user: { id: ALICE, username: 'alice', team_id: TEAM, name: 'alice' },
      channel: { id: 'C0SHORTCUT', name: 'shortcut-co' }, is_enterprise_install: false, enterprise: null,
      message_ts: '1700000000.000100', response_url: env.fake.responseUrl('sc1'),
      message: { type: 'message', user: CAROL, ts: '1700000000.000100', text: '   They loved the Q&amp;A, want the <https://acme.example/sso|SSO quote> for <@U0CAROL001|carol>   \n' },
    });
    expect(a.status).toBe(200);
    const call = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === trigger), 5_000);
    const view = (typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view) as Record<string, any>;
    expect(view.callback_id).toBe(CALLBACKS.logModal);
    const json = JSON.stringify(view);
    // as the sender saw it, not as Slack encodes it
    expect(json).toContain('"initial_value":"They loved the Q&A, want the SSO quote for @carol"');
    expect(json).toContain(`"value":"${acc}"`);
    expect(JSON.parse(view.private_metadata)).toMatchObject({ origin: 'shortcut', channelId: 'C0SHORTCUT' });
  });

  it('in an unlinked DM opens the form with the text and no account', async () => {
    const trigger = triggerId();
    await interact(env, {
      type: 'message_action', token: 'verification_token', action_ts: `${nowSec()}.000100`, callback_id: CALLBACKS.logToTend, trigger_id: trigger,
      team: { id: TEAM, domain: 'tend-test' }, user: { id: ALICE, username: 'alice', team_id: TEAM, name: 'alice' },
      channel: { id: 'D0ALICEDM1', name: 'directmessage' }, is_enterprise_install: false, enterprise: null,
      message_ts: '1700000000.000200', response_url: env.fake.responseUrl('sc2'),
      message: { type: 'message', user: CAROL, ts: '1700000000.000200', text: 'z'.repeat(10_000) },
    });
    const call = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === trigger), 5_000);
    const view = (typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view) as Record<string, any>;
    const summary = view.blocks.flatMap((b: any) => (b.element?.initial_value ? [b.element.initial_value] : []))[0] as string;
    expect(summary.length).toBeLessThanOrEqual(2_000);
    expect(view.blocks.find((b: any) => b.block_id === BLOCKS.logAccount).element.initial_option).toBeUndefined();
  });
});

describe('the shortcut on an impossible message', () => {
  it('a message over Slack\'s 40,000 characters still opens the form, with its start', async () => {
    const trigger = triggerId();
    const a = await interact(env, {
      type: 'message_action', token: 'verification_token', action_ts: `${nowSec()}.000100`, callback_id: CALLBACKS.logToTend, trigger_id: trigger,
      team: { id: TEAM, domain: 'tend-test' }, user: { id: ALICE, username: 'alice', team_id: TEAM, name: 'alice' },
      channel: { id: 'C0SHORTCUT', name: 'shortcut-co' }, is_enterprise_install: false, enterprise: null,
      message_ts: '1700000000.000300', response_url: env.fake.responseUrl('sc3'),
      message: { type: 'message', user: CAROL, ts: '1700000000.000300', text: 'w'.repeat(40_001) },
    });
    expect(a.status).toBe(200);
    const call = await env.fake.waitFor((c) => c.find((x) => x.method === 'views.open' && x.args.trigger_id === trigger), 5_000);
    const view = (typeof call.args.view === 'string' ? JSON.parse(call.args.view) : call.args.view) as Record<string, any>;
    const summary = view.blocks.flatMap((b: any) => (b.element?.initial_value ? [b.element.initial_value] : []))[0] as string;
    expect(summary).toBe(`${'w'.repeat(1_999)}…`);
  });
});

describe('give reactions', () => {
  it("a :gift: by a team member on the team's captured message marks that touch as a give; other emoji and customer messages do not", async () => {
    const acc = await makeAccount(env, 'Giving Co');
    await link('C0GIVINGCO', 'Giving Co');
    const h = hourStartSec(5);
    const teamTs = `${h + 10}.000001`;
    const custTs = `${h + 3600 + 10}.000001`;
    await send({ channel: 'C0GIVINGCO', user: ALICE, text: 'Here is the benchmark report', ts: teamTs });
    await send({ channel: 'C0GIVINGCO', user: CAROL, userTeam: CUSTOMER_TEAM, text: 'thanks', ts: custTs });
    await until(async () => (await total(acc)) === 2, 10_000, 'captured');
    const react = (reaction: string, ts: string, itemUser: string, user = BOB) =>
      sendEvent(reactionAddedEvent({ user, reaction, channel: 'C0GIVINGCO', ts, itemUser }) as never);
    await react('thumbsup', teamTs, ALICE);
    await react('gift', custTs, CAROL);
    await react('gift', teamTs, ALICE);
    await until(async () => (await captured(acc)).some((r) => r.kind === 'give'), 10_000, 'marked');
    await new Promise((r) => setTimeout(r, 200));
    expect((await captured(acc)).map((r) => [r.direction, r.kind])).toEqual([['team', 'give'], ['customer', 'neutral']]);
  });

  it("a partner's :gift: does not mark a give, even once Tend holds a member row for them (met in a shared channel)", async () => {
    const acc = await makeAccount(env, 'Partnered Co');
    await link('C0PARTNERD', 'Partnered Co');
    const teamTs = `${hourStartSec(7) + 10}.000001`;
    await send({ channel: 'C0PARTNERD', user: ALICE, text: 'The workshop notes', ts: teamTs });
    await until(async () => (await total(acc)) === 1, 10_000, 'captured');
    await env.app.db.pool.query(`insert into member (workspace_id, slack_user_id, role) values ($1, $2, 'rep') on conflict do nothing`, [ws, CAROL]);
    await sendEvent(reactionAddedEvent({ user: CAROL, reaction: 'gift', channel: 'C0PARTNERD', ts: teamTs, itemUser: ALICE }) as never);
    await until(async () => env.fake.callsTo('users.info').some((c) => c.args.user === CAROL) || null, 5_000, 'users.info');
    await new Promise((r) => setTimeout(r, 300));
    expect((await captured(acc)).map((r) => r.kind)).toEqual(['neutral']);
    // a teammate's :gift: on the same message does
    await sendEvent(reactionAddedEvent({ user: BOB, reaction: 'gift', channel: 'C0PARTNERD', ts: teamTs, itemUser: ALICE }) as never);
    await until(async () => (await captured(acc)).some((r) => r.kind === 'give') || null, 10_000, 'marked');
  });

  it('a workspace\'s own emoji: after `/tend capture gives :star:`, a :star: marks a give and a :gift: no longer does', async () => {
    const acc = await makeAccount(env, 'Starry Co');
    await link('C0STARRYCO', 'Starry Co');
    const h = hourStartSec(7);
    // two of the team's messages an hour apart: two touches, one per reaction
    const [giftTs, starTs] = [`${h + 10}.000001`, `${h + 3600 + 10}.000001`];
    await send({ channel: 'C0STARRYCO', user: ALICE, text: 'The usage review you asked for', ts: giftTs });
    await send({ channel: 'C0STARRYCO', user: ALICE, text: 'And the benchmark', ts: starTs });
    await until(async () => (await total(acc)) === 2, 10_000, 'captured');
    expect(textOf(await answerOf(env, await slash(env, '/tend', 'capture gives :star:', { user: BOB })))).toContain(':star:');
    try {
      const react = (reaction: string, ts: string) => sendEvent(reactionAddedEvent({ user: BOB, reaction, channel: 'C0STARRYCO', ts, itemUser: ALICE }) as never);
      expect((await react('gift', giftTs)).status).toBe(200);
      expect((await react('star', starTs)).status).toBe(200);
      await until(async () => (await captured(acc)).some((r) => r.kind === 'give'), 10_000, 'marked');
      await new Promise((r) => setTimeout(r, 200));
      expect((await captured(acc)).map((r) => [(r.occurred_at.getTime() / 1000) | 0, r.kind])).toEqual([[h + 10, 'neutral'], [h + 3600 + 10, 'give']]);
    } finally {
      // the default again, for the other tests of this file
      await answerOf(env, await slash(env, '/tend', 'capture gives :gift:', { user: BOB }));
    }
  });

  it('a toned emoji as Slack\'s picker inserts it (`:+1::skin-tone-2:`) is taken as its base: a :+1: of any tone marks a give', async () => {
    const acc = await makeAccount(env, 'Toned Co');
    await link('C0TONEDCO1', 'Toned Co');
    const h = hourStartSec(8);
    await send({ channel: 'C0TONEDCO1', user: ALICE, text: 'The onboarding checklist, free', ts: `${h + 10}.000001` });
    await until(async () => (await total(acc)) === 1, 10_000, 'captured');
    const answer = textOf(await answerOf(env, await slash(env, '/tend', 'capture gives :+1::skin-tone-2:', { user: BOB })));
    expect(answer).toContain(':+1:');
    expect(answer).not.toContain('as emoji');
    try {
      // another tone than the one typed: reactions are matched without it
      const res = await sendEvent(reactionAddedEvent({ user: BOB, reaction: '+1::skin-tone-4', channel: 'C0TONEDCO1', ts: `${h + 10}.000001`, itemUser: ALICE }) as never);
      expect(res.status).toBe(200);
      await until(async () => (await captured(acc)).some((r) => r.kind === 'give'), 10_000, 'marked');
    } finally {
      await answerOf(env, await slash(env, '/tend', 'capture gives :gift:', { user: BOB }));
    }
  });
});

describe('the digest and App Home show logged and captured touches apart', () => {
  it('"N logged · M captured from K channel messages" with the week\'s figures; give:ask counts only what was marked', async () => {
    // its own channel, account and messages: 12 from the team, 18 from the customer, in one hour (2 touches)
    const acc = await makeAccount(env, 'Digest Split Co');
    await link('C0DIGESTSP', 'Digest Split Co');
    const h = hourStartSec(6);
    for (let i = 0; i < 30; i++) {
      const m = i < 12 ? { user: ALICE } : { user: CAROL, userTeam: CUSTOMER_TEAM };
      expect((await send({ channel: 'C0DIGESTSP', ...m, text: `message ${i}`, ts: `${h + 10 + i}.000001` })).status).toBe(200);
    }
    await until(async () => (await total(acc)) === 30, 10_000, 'the 30 captured');
    expect((await captured(acc)).map((r) => [r.direction, r.n, r.kind]).sort()).toEqual([['customer', 18, 'neutral'], ['team', 12, 'neutral']]);
    expect((await slash(env, '/log', 'Digest Split Co: call about the renewal #ask')).status).toBe(200);

    const week = async (memberFilter: string, params: unknown[]) =>
      (await env.app.db.pool.query(
        `select (count(*) filter (where source <> 'channel'))::int as logged, (count(*) filter (where source = 'channel'))::int as captured,
                coalesce(sum(message_count) filter (where source = 'channel'), 0)::int as messages,
                (count(*) filter (where kind = 'give'))::int as gives, (count(*) filter (where kind = 'ask'))::int as asks
         from conversation where workspace_id = $1 and occurred_at > now() - interval '7 days' ${memberFilter}`,
        [ws, ...params],
      )).rows[0] as { logged: number; captured: number; messages: number; gives: number; asks: number };
    const loggedAsk = async () => (await env.app.db.pool.query(`select count(*)::int as n from conversation where workspace_id = $1 and account_id = $2 and source <> 'channel' and kind = 'ask'`, [ws, acc])).rows[0].n;
    await until(async () => (await loggedAsk()) === 1, 5_000, 'the /log');
    const team = await week('', []);
    // every captured touch folds at least one message; these 30 fold into 2
    expect(team.captured).toBeGreaterThanOrEqual(2);
    expect(team.messages).toBeGreaterThanOrEqual(team.captured + 28);
    const n = (x: number) => x.toLocaleString('en-US');
    const digest = textOf(await answerOf(env, await slash(env, '/tend', 'digest', { user: BOB })));
    expect(digest).toContain(`(${n(team.logged)} logged · ${n(team.captured)} captured from ${n(team.messages)} channel messages)`);
    // give:ask counts what was marked: none of these captured messages became a give
    expect(digest).toContain(`${team.gives} give${team.gives === 1 ? '' : 's'}, ${team.asks} ask`);

    const { rows } = await env.app.db.pool.query('select id from member where workspace_id = $1 and slack_user_id = $2', [ws, ALICE]);
    const mine = await week('and member_id = $2', [rows[0].id]);
    expect(mine.captured).toBeGreaterThan(0);
    await postSigned(`${env.app.url}/slack/events`, { body: eventBody({ team_id: TEAM, event: appHomeOpenedEvent({ user: ALICE }) }), secret: SIGNING_SECRET });
    const home = await env.fake.waitFor(() => env.fake.homeView(ALICE), 5_000);
    expect(textOf(home)).toContain(`(${n(mine.logged)} logged · ${n(mine.captured)} captured from ${n(mine.messages)} channel message${mine.messages === 1 ? '' : 's'})`);
  });
});
