// How a slash command answers inside Slack's 3-second window: the work races a deadline
// counted from when the request reached us. Usually (a few indexed queries, ~10-30 ms) it wins
// by far and its message is the HTTP answer itself: one round trip, nothing via response_url.
// Under a burst the same work queues behind the others for the CPU and the database, and
// still answers in the ack; only when it would come close to Slack's 3 seconds (a database
// that hangs) does an empty ack go out and the message follow through response_url, which
// costs the rep a second trip and the process a second HTTP request.
import type { AckFn, RespondArguments, RespondFn } from '@slack/bolt';
import type { Logger } from '../../log.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';

/**
 * Without an arrival time (Socket Mode, tests that call the listener): the budget from the
 * listener's start, short, so a slow database never holds the ack.
 */
export const ANSWER_BUDGET_MS = 50;
/**
 * With one: how long after the request arrived the ack may wait for the answer. Slack shows
 * "operation_timeout" at 3 s, counted from its side; this leaves 2 s for the network both
 * ways and a busy event loop.
 */
export const ANSWER_DEADLINE_MS = 1_000;

/** The time left to answer in the ack: until the deadline when the arrival is known, else the short budget. */
export function answerBudgetMs(receivedAt: number | undefined, now = performance.now()): number {
  if (receivedAt === undefined || !Number.isFinite(receivedAt)) return ANSWER_BUDGET_MS;
  return Math.max(0, receivedAt + ANSWER_DEADLINE_MS - now);
}

export function ephemeral(m: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', text: m.text, blocks: m.blocks };
}

/** The same message replacing the one whose button was clicked (a choose list, say). */
export function replacing(m: SlackMessage): RespondArguments {
  return { response_type: 'ephemeral', replace_original: true, text: m.text, blocks: m.blocks };
}

/**
 * Acks with the work's message when it is ready within the budget, else acks empty and sends
 * the message through response_url. `receivedAt` is the request's arrival (performance.now(),
 * stamped by the HTTP edge; see receivedAtOf); `budgetMs` overrides the budget (tests).
 */
export async function answerCommand(
  io: { ack: AckFn<string | RespondArguments>; respond: RespondFn; log: Logger; receivedAt?: number },
  work: Promise<SlackMessage>,
  budgetMs = answerBudgetMs(io.receivedAt),
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

/** The arrival the HTTP edge stamped on a listener's context (undefined in Socket Mode). */
export function receivedAtOf(context: Record<string, unknown>): number | undefined {
  const at = context.receivedAt;
  return typeof at === 'number' ? at : undefined;
}
