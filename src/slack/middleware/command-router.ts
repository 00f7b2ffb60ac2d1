// Slash commands go straight to their listener. Bolt hands every request to every listener's
// chain to find the ones that take it: each chain copies the arguments, runs its matchers and
// settles a promise. Tend has some thirty listeners, so a /log paid for thirty chains where a
// one-command app pays for one (~150 µs a command on this box, measured with Bolt's App). The
// commands are kept in a table instead of Bolt's list, and the last global middleware runs
// the chain of the command named in the body, with the arguments Bolt would have given it,
// and stops there; every other request goes on to Bolt's listeners as before.
import type { AnyMiddlewareArgs, App, Middleware, SlackCommandMiddlewareArgs } from '@slack/bolt';

type Pattern = string | RegExp;
type Chain = Middleware<SlackCommandMiddlewareArgs>[];
export type CommandRoutes = { pattern: Pattern; chain: Chain }[];

const matches = (p: Pattern, name: string) => (typeof p === 'string' ? p === name : p.test(name));

/** `app`, with `app.command(pattern, ...middleware, listener)` kept in `routes` instead of Bolt's listener list. */
export function routingCommands(app: App, routes: CommandRoutes): App {
  return new Proxy(app, {
    get(target, prop) {
      if (prop === 'command') {
        return (pattern: Pattern, ...chain: Chain) => {
          if (chain.length === 0) throw new Error(`app.command(${String(pattern)}) needs a listener`);
          routes.push({ pattern, chain });
        };
      }
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Runs one chain as Bolt does: each middleware's next() calls the following one, the last gets a no-op. */
async function runChain(chain: Chain, args: AnyMiddlewareArgs & { next: () => Promise<void> }): Promise<void> {
  let called = -1;
  const invoke = async (i: number): Promise<void> => {
    if (i <= called) throw new Error('next() called multiple times');
    called = i;
    const last = i === chain.length - 1;
    await chain[i]!({ ...(args as unknown as SlackCommandMiddlewareArgs), next: last ? async () => {} : () => invoke(i + 1) } as never);
  };
  await invoke(0);
}

/**
 * The last global middleware: a slash command runs the chains registered for its name (all of
 * them, as Bolt would; a failure reaches Bolt's error handler as a listener's would) and goes
 * no further. Anything else, or a command nothing here is registered for, goes on to Bolt.
 */
export function commandRouter(routes: CommandRoutes): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const command = 'command' in args ? (args.command as { command?: unknown }).command : undefined;
    const found = typeof command === 'string' ? routes.filter((r) => matches(r.pattern, command)) : [];
    if (found.length === 0) return args.next();
    if (found.length === 1) return runChain(found[0]!.chain, args);
    const settled = await Promise.allSettled(found.map((r) => runChain(r.chain, args)));
    const failed = settled.filter((s): s is PromiseRejectedResult => s.status === 'rejected');
    if (failed.length === 1) throw failed[0]!.reason;
    if (failed.length > 1) throw new AggregateError(failed.map((f) => f.reason), `${failed.length} listeners of ${String(command)} failed`);
  };
}
