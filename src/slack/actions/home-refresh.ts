// The Home tab's Refresh button: acknowledge at once, then publish the tab again.
import type { App, BlockAction } from '@slack/bolt';
import { ACTIONS } from '../../ids.ts';
import type { Runtime } from '../../../runtime.ts';
import type { TendContext } from '../middleware.ts';
import { publishHome } from './publish.ts';

export function registerHomeRefresh(app: App, rt: Runtime): void {
  app.action<BlockAction>(ACTIONS.homeRefresh, async ({ ack, body, context, client }) => {
    await ack();
    const { workspace } = context as Partial<TendContext>;
    if (!workspace) return;
    try {
      await publishHome(rt, client, workspace, body.user.id);
    } catch (err) {
      rt.log.warn({ err: (err as Error).message, user: body.user.id }, 'could not refresh App Home');
    }
  });
}
