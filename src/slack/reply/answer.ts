// How a slash command answers inside Slack's 3-second window: the work races a short budget.
// Usually (a few indexed queries, ~10-30 ms) it wins and its message is the HTTP answer itself:
// one round trip, nothing via response_url. When it runs longer (a burst of commands queueing
// for database connections, a slow disk), an empty ack goes out at the budget and the message
// follows through response_url, so the HTTP answer stays within tens of milliseconds.
import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';

/** Long enough for the usual work, short enough that a queue behind the database never shows. */
export const ANSWER_BUDGET_MS = 50;

export function ephemeral(m: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: m.text, blocks: m.blocks };
}

/** The same message replacing the one whose button was clicked (a choose list, say). */
export function replacing(m: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', replace_original: true, text: m.text, blocks: m.blocks };
}

export async function answerCommand(
  io: { ack: AckFn<string | RespondArguments>; respond: RespondFn; log: Logger },
  work: Promise<SlackMessage>,
  budgetMs = ANSWER_BUDGET_MS,
): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<'late'>((resolve) => {
    timer = setTimeout(() => resolve('late'), budgetMs);
  });
  const first = await Promise.race([work, late]);
  clearTimeout(timer);
  if (first !== 'late') {
    await io.ack(ephemeral(first));
    return;
  }
  await io.ack();
  const message = await work;
  await io.respond(ephemeral(message)).catch((err: Error) => io.log.warn({ err: err.message }, 'could not answer through response_url'));
}
