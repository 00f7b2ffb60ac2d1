// "More" under the short `/tend help`: the full help replaces it, still just for the clicker.
import type { BlockButtonAction, Middleware, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Runtime } from '../../runtime.ts';
import { buildTendHelp } from '../../views/help.ts';
import { tendHelpLines } from '../commands/tend.ts';

export function helpMore(rt: Runtime): Middleware<SlackActionMiddlewareArgs<BlockButtonAction>> {
  return async ({ ack, respond }) => {
    await ack();
    // the short help was ephemeral: replacing it keeps one help on screen, not two
    await respond({ ...buildTendHelp(tendHelpLines()), response_type: 'ephemeral', replace_original: true })
      .catch((err: Error) => rt.log.warn({ err: err.message }, 'could not show the full help'));
  };
}
