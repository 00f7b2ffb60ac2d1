// The HTTP edge hands Bolt the body it parsed (Bolt does not read and parse it a second time)
// and the request's arrival time: what Bolt answers itself still works (ssl_check), a form
// field keeps every character through the handover, and a /log whose work outlasts the old
// 50 ms budget still answers in its ack.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SIGNING_SECRET } from '../support/app.ts';
import { postSigned } from '../support/slack-sign.ts';
import { makeAccount, slash, startEnv, stopEnv, textOf, type Env } from './support.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

describe('the edge hands its parse to Bolt', () => {
  it('answers Slack’s ssl_check with an empty 200, and refuses an unsigned one', async () => {
    const body = 'ssl_check=1&token=verification_token';
    const res = await postSigned(`${env.app.url}/slack/events`, { body, secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    expect((await postSigned(`${env.app.url}/slack/events`, { body, secret: 'not-the-signing-secret' })).status).toBe(401);
  });

  it('a /log keeps its text exactly (plus signs, percent escapes, non-Latin script) through the handover', async () => {
    await makeAccount(env, 'Acme');
    const a = await slash(env, '/log', 'Acme: call 1+1 = 2, 100% sure ✨ مرحبا');
    expect(a.status).toBe(200);
    expect(textOf(a.body)).toContain('Acme');
    const stored = await env.app.db.pool.query<{ summary: string }>("select summary from conversation where source_key like 'cmd:%' order by id desc limit 1");
    expect(stored.rows[0]!.summary).toContain('1+1 = 2, 100% sure ✨ مرحبا');
  });

  it('answers a /log in its ack when its work takes longer than 50 ms (the deadline counts from arrival, 1 s)', async () => {
    await makeAccount(env, 'Slowco');
    // hold the account row for 150 ms: the /log's insert waits on its lock
    const client = await env.app.db.pool.connect();
    try {
      await client.query('begin');
      await client.query("select id from account where name = 'Slowco' for update");
      const pending = slash(env, '/log', 'Slowco: call, went over the renewal');
      await new Promise((r) => setTimeout(r, 150));
      await client.query('commit');
      const a = await pending;
      expect(a.status).toBe(200);
      expect(a.ms).toBeGreaterThan(100);
      expect(textOf(a.body)).toContain('Slowco');
      expect(env.fake.responses(a.responseId)).toEqual([]);
    } finally {
      client.release();
    }
  });
});
