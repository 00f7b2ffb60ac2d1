// The log form's account picker: accounts whose name or alias starts with what was typed.
import type { Middleware, SlackOptionsMiddlewareArgs } from '@slack/bolt';
import { searchAccounts } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { buildAccountOptions } from '../../views/log-modal.ts';
import { workspaceOf } from '../flows/caller.ts';

export function logAccountOptions(rt: Runtime): Middleware<SlackOptionsMiddlewareArgs<'block_suggestion'>> {
  return async ({ options, ack, context }) => {
    const workspace = workspaceOf(context);
    if (!workspace) {
      await ack({ options: [] });
      return;
    }
    try {
      await ack(buildAccountOptions(await searchAccounts(rt.db.pool, workspace.id, options.value ?? '')));
    } catch (err) {
      rt.log.warn({ err: (err as Error).message }, 'account search failed');
      await ack({ options: [] });
    }
  };
}
