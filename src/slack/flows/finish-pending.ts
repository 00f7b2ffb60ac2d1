// Finishing a parked command once its account is known (chosen or just created).
import type { Runtime } from '../../runtime.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { runAccountCommand } from './account.ts';
import type { Caller } from './caller.ts';
import { logOneLine } from './log.ts';
import type { PendingCommand } from './pending.ts';

export function finishPending(rt: Runtime, c: Caller, p: PendingCommand, accountId: number): Promise<SlackMessage> {
  return p.command === '/log'
    ? logOneLine(rt, c, p.text, p.sourceKey, { accountId })
    : runAccountCommand(rt, c, p.text, p.sourceKey, { accountId });
}

export const EXPIRED: SlackMessage = {
  text: 'That choice has expired.',
  blocks: [{ type: 'section', text: { type: 'mrkdwn', text: ':hourglass: That choice has expired (they last a day), so nothing was saved. Send the command again.' } }],
};
