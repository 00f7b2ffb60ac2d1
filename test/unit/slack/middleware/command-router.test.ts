// Slash commands routed by name past Bolt's walk over every listener: driven through a real
// Bolt App (processEvent, as its receivers call it), the command listener gets what Bolt would
// give it, after the global middleware; everything else still reaches Bolt's listeners.
import { App, LogLevel, type AnyMiddlewareArgs, type Receiver } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { commandRouter, routingCommands, type CommandRoutes } from '../../../../src/slack/middleware/command-router.ts';

const receiver: Receiver = { init: () => {}, start: async () => {}, stop: async () => {} };

function boltApp() {
  const errors: unknown[] = [];
  const app = new App({ token: 'xoxb-test', botId: 'B1', botUserId: 'U1', receiver, tokenVerificationEnabled: false, logLevel: LogLevel.ERROR });
  app.error(async (err) => void errors.push(err));
  const routes: CommandRoutes = [];
  const routed = routingCommands(app, routes);
  // global middleware first, as register.ts does, then the listeners, then the router
  routed.use(async ({ context, next }) => {
    context.seenByGlobal = true;
    await next();
  });
  return { app, routed, routes, errors, route: () => app.use(commandRouter(routes)) };
}

const command = (name: string, text = 'Acme: call') => ({
  command: name, text, team_id: 'T1', user_id: 'U1', channel_id: 'C1', response_url: 'http://127.0.0.1:9/r', trigger_id: '1.2.3',
});

async function send(app: App, body: Record<string, unknown>): Promise<unknown[]> {
  const acks: unknown[] = [];
  await app.processEvent({ body, ack: async (m?: unknown) => void acks.push(m) } as never);
  return acks;
}

describe('commandRouter', () => {
  it('runs the named command’s chain with what Bolt gives a listener, after the global middleware', async () => {
    const t = boltApp();
    const order: string[] = [];
    let got: Record<string, unknown> = {};
    t.routed.command(
      '/log',
      async ({ next }) => {
        order.push('listener middleware');
        await next();
      },
      async (args) => {
        order.push('listener');
        got = args as unknown as Record<string, unknown>;
        await args.ack({ text: `logged ${args.command.text}` });
      },
    );
    t.routed.command('/account', async ({ ack }) => {
      order.push('the other command');
      await ack();
    });
    t.route();
    expect(await send(t.app, command('/log'))).toEqual([{ text: 'logged Acme: call' }]);
    expect(order).toEqual(['listener middleware', 'listener']);
    expect((got.command as { command: string }).command).toBe('/log');
    expect((got.payload as { text: string }).text).toBe('Acme: call');
    expect(typeof got.respond).toBe('function');
    expect(typeof got.say).toBe('function');
    expect((got.client as { token?: string }).token).toBe('xoxb-test');
    expect((got.context as Record<string, unknown>).seenByGlobal).toBe(true);
    expect(t.errors).toEqual([]);
  });

  it('keeps commands out of Bolt’s listener list, and matches a pattern as Bolt would', async () => {
    const t = boltApp();
    const seen: string[] = [];
    t.routed.command(/^\/acc(ount)?$/, async ({ ack, command: c }) => {
      seen.push(c.command);
      await ack();
    });
    t.route();
    expect(t.routes).toHaveLength(1);
    expect((t.app as unknown as { listeners: unknown[] }).listeners).toHaveLength(0);
    await send(t.app, command('/acc'));
    await send(t.app, command('/account'));
    expect(seen).toEqual(['/acc', '/account']);
  });

  it('lets every other request through to Bolt’s listeners', async () => {
    const t = boltApp();
    let clicked = false;
    t.routed.command('/log', async ({ ack }) => ack());
    t.routed.action('choose', async ({ ack }) => {
      clicked = true;
      await ack();
    });
    t.route();
    const click = { type: 'block_actions', team: { id: 'T1' }, user: { id: 'U1' }, actions: [{ action_id: 'choose', block_id: 'b', type: 'button', value: 'x' }], response_url: 'http://127.0.0.1:9/r', trigger_id: '1.2.3' };
    expect(await send(t.app, click as never)).toEqual([undefined]);
    expect(clicked).toBe(true);
  });

  it('hands a listener’s failure to the app’s error handler, as Bolt does', async () => {
    const t = boltApp();
    t.routed.command('/log', async () => {
      throw new Error('boom');
    });
    t.route();
    await send(t.app, command('/log'));
    expect(t.errors).toHaveLength(1);
    expect(String((t.errors[0] as Error).message)).toContain('boom');
  });

  it('runs every chain registered for a command, and refuses a next() called twice', async () => {
    const t = boltApp();
    const ran: string[] = [];
    t.routed.command('/log', async () => void ran.push('first'));
    t.routed.command('/log', async ({ next }) => {
      await next();
      await next();
    }, async () => void ran.push('second'));
    t.route();
    await send(t.app, command('/log'));
    expect(ran.sort()).toEqual(['first', 'second']);
    expect(t.errors).toHaveLength(1);
    expect(String((t.errors[0] as Error).message)).toContain('next() called multiple times');
  });

  it('passes a command nothing is registered for on to Bolt (which has no listener for it)', async () => {
    const t = boltApp();
    let reached = false;
    t.routed.command('/log', async ({ ack }) => ack());
    t.route();
    t.app.use(async ({ next }: AnyMiddlewareArgs & { next: () => Promise<void> }) => {
      reached = true;
      await next();
    });
    expect(await send(t.app, command('/deploy'))).toEqual([]);
    expect(reached).toBe(true);
  });
});
