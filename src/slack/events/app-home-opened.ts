// app_home_opened → views.publish with the member's accounts, nudges and week. The event is
// acknowledged before this runs; a failure is logged (the tab keeps its last version).
import type { Middleware, SlackEventMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import type { TendContext } from '../middleware/workspace-context.ts';
import { publishHome } from '../flows/home.ts';

export function appHomeOpened(rt: Runtime): Middleware<SlackEventMiddlewareArgs<'app_home_opened'>> {
  return async ({ event, context, client }) => {
    if (event.tab !== 'home') return; // the Messages tab opens too; nothing to draw there
    const { workspace } = context as Partial<TendContext>;
    if (!workspace) return;
    try {
      await publishHome(rt, client, workspace, event.user);
    } catch (err) {
      rt.log.warn({ err: (err as Error).message, user: event.user }, 'could not publish App Home');
    }
  };
}
