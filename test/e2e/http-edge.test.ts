// The HTTP edge of a running Tend (HTTP receiver, fake Slack): requests no listener takes get a
// prompt answer instead of Bolt's 3-second unhandled timeout (app_rate_limited too), and an oversized chunked upload
// is cut off soon after the limit.
import { once } from 'node:events';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ALICE, interact, slash, startEnv, stopEnv, TEAM, type Env } from './support.ts';
import { SIGNING_SECRET } from '../support/app.ts';
import { blockActionsPayload, postSigned, signSlackRequest } from '../support/slack-sign.ts';

let env: Env;
beforeAll(async () => {
  env = await startEnv();
});
afterAll(async () => {
  await stopEnv(env);
});

const unhandledCount = async () => (await env.app.running.rt.metrics.unhandledRequests.get()).values[0]?.value ?? 0;

describe('requests no listener takes', () => {
  it('answers an unknown slash command and unknown actions at once, and Bolt never times one out', async () => {
    const deploy = await slash(env, '/deploy', 'prod');
    expect(deploy.status).toBe(200);
    expect(deploy.body).toEqual({ response_type: 'ephemeral', text: 'Tend has no `/deploy` command. Try `/tend help` for what it can do.' });
    const bare = await interact(env, blockActionsPayload({ userId: ALICE, teamId: TEAM, actionId: 'deploy_prod' }));
    expect(bare.status).toBe(200);
    expect(bare.raw).toBe('');
    // Bolt would have answered these after its 3,001 ms unhandled-request timeout; the bound is
    // far from both that and the target (tens of ms) so a loaded 2-core box cannot flake it
    expect(deploy.ms).toBeLessThan(1_000);
    expect(bare.ms).toBeLessThan(1_000);
    console.log(`unknown shapes answered in: /deploy ${deploy.ms.toFixed(1)} ms, bare block_actions ${bare.ms.toFixed(1)} ms`);
    // and nothing was left for Bolt's unhandled-request handler: wait past its timeout
    await new Promise((r) => setTimeout(r, 3_300));
    expect(await unhandledCount()).toBe(0);
  });

  it('answers the Events API\'s app_rate_limited notice with a 200 at once (its documented top-level shape)', async () => {
    // docs.slack.dev/reference/events/app_rate_limited: unanswered deliveries count toward disabling the subscription
    const body = JSON.stringify({ token: 'verification_token', type: 'app_rate_limited', team_id: TEAM, minute_rate_limited: 1518467820, api_app_id: 'A0TEND0001' });
    const t0 = Date.now();
    const res = await postSigned(`${env.app.url}/slack/events`, { body, secret: SIGNING_SECRET });
    expect(res.status).toBe(200);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });

  it('still hands registered commands to their listeners', async () => {
    const help = await slash(env, '/tend', 'help');
    expect(help.status).toBe(200);
    expect(JSON.stringify(help.body ?? {})).not.toContain('has no `/tend` command');
  });
});

describe('body limit on the running app', () => {
  it('closes the connection of a 64 MB chunked upload long before its end', async () => {
    const port = Number(new URL(env.app.url).port);
    const sock = net.connect(port, '127.0.0.1');
    await once(sock, 'connect');
    sock.on('error', () => {});
    let closed = false;
    const gone = new Promise<void>((r) => sock.once('close', () => { closed = true; r(); }));
    const sig = signSlackRequest(SIGNING_SECRET, 'x');
    sock.write(
      'POST /slack/events HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded\r\nTransfer-Encoding: chunked\r\n' +
        `x-slack-request-timestamp: ${sig['x-slack-request-timestamp']}\r\nx-slack-signature: ${sig['x-slack-signature']}\r\n\r\n`,
    );
    const frame = Buffer.concat([Buffer.from('10000\r\n'), Buffer.alloc(0x10000, 'a'), Buffer.from('\r\n')]);
    let sent = 0;
    while (!closed && sent < 64 * 1024 * 1024) {
      sent += 0x10000;
      if (!sock.write(frame)) {
        const moved = await Promise.race([once(sock, 'drain').then(() => true, () => false), gone.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(false), 5_000))]);
        if (!moved) break;
      }
    }
    await Promise.race([gone, new Promise((r) => setTimeout(r, 5_000))]);
    sock.destroy();
    expect(closed).toBe(true);
    // 1 MB limit plus what loopback socket buffers hold (~4 MB measured; headroom for buffer
    // autotuning): the old guard read all 64 MB
    expect(sent).toBeLessThan(32 * 1024 * 1024);
  });
});
