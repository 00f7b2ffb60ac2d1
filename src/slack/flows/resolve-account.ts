// From typed text to one account, or to the question to ask: several match (choose), none
// match (create?). The pending command is parked so the button can finish it.
import { matchName } from '../../domain/match.ts';
import { truncate } from '../../domain/text.ts';
import type { AccountCandidate } from '../../data/accounts.ts';
import type { Runtime } from '../../runtime.ts';
import { buildChooseAccount, buildUnknownAccount } from '../../views/choose.ts';
import { buildErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import type { Caller } from './caller.ts';
import { savePending, type PendingCommand } from './pending.ts';

export type Resolution = { ok: true; account: { id: number; name: string } } | { ok: false; message: SlackMessage };

export async function resolveAccount(
  rt: Runtime,
  c: Caller,
  query: string,
  candidates: readonly AccountCandidate[],
  pending: PendingCommand,
  opts: { example: string },
): Promise<Resolution> {
  const match = matchName(query, candidates);
  if (match.kind === 'exact' || match.kind === 'prefix') return { ok: true, account: { id: match.item.id, name: match.item.name } };
  let ref: string;
  try {
    ref = await savePending(rt, c.workspace.id, c.member.slackUserId, pending);
  } catch (err) {
    // Without a parked command the buttons could not finish it: ask for the exact name instead.
    rt.log.warn({ err: (err as Error).message }, 'could not park a command for a choice');
    const names = match.kind === 'ambiguous' ? match.items.map((i) => `"${truncate(i.name, 60)}"`).join(', ') : '';
    return {
      ok: false,
      message: buildErrorMessage({
        code: 'account',
        message: match.kind === 'ambiguous'
          ? `"${truncate(query, 60)}" matches ${names}. Send it again with the full name.`
          : `I don't know an account called "${truncate(query, 60)}". Add it with \`/account add\`, then send this again.`,
        example: opts.example,
      }),
    };
  }
  if (match.kind === 'ambiguous') {
    const items = match.items.map((i) => ({ id: i.id, name: i.name, ...(i.segment ? { hint: i.segment } : {}) }));
    return { ok: false, message: buildChooseAccount({ query, items, total: match.total, ref, allowCreate: pending.command === '/log' }) };
  }
  return { ok: false, message: buildUnknownAccount({ query, ref }) };
}
