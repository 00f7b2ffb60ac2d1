// The Home tab's Refresh button: acknowledge at once, then publish the tab again.
import type { BlockAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import type { TendContext } from '../middleware/workspace-context.ts';
import { publishHome } from '../flows/home.ts';

export function homeRefresh(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockAction>> {
  return async ({ ack, body, context, client }) => {
    await ack();
    const { workspace } = context as Partial<TendContext>;
    if (!workspace) return;
    try {
      await publishHome(rt, client, workspace, body.user.id);
    } catch (err) {
      rt.log.warn({ err: (err as Error).message, user: body.user.id }, 'could not refresh App Home');
    }
  };
}
