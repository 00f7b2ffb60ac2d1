// The ack race of a slash command: the budget counts from the request's arrival when the edge
// stamped it (so time spent queueing before the listener is not given twice), the answer is
// in the ack when the work beats the deadline, and goes through response_url when it does not.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/log.ts';
import { ANSWER_BUDGET_MS, ANSWER_DEADLINE_MS, answerBudgetMs, answerCommand, receivedAtOf } from '../../../src/slack/reply/answer.ts';

const message = { text: 'Logged.', blocks: [] };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function io(receivedAt?: number) {
  const acks: unknown[] = [];
  const responds: unknown[] = [];
  return {
    acks,
    responds,
    io: {
      ack: async (m?: unknown) => void acks.push(m),
      respond: async (m: unknown) => void responds.push(m),
      log: createLogger('silent'),
      ...(receivedAt === undefined ? {} : { receivedAt }),
    } as never,
  };
}

describe('answerBudgetMs', () => {
  it.each([
    ['no arrival known: the short budget', undefined, 1_000, ANSWER_BUDGET_MS],
    ['just arrived: the whole deadline', 1_000, 1_000, ANSWER_DEADLINE_MS],
    ['arrived 300 ms ago: what is left', 1_000, 1_300, ANSWER_DEADLINE_MS - 300],
    ['past the deadline already: nothing left', 1_000, 1_000 + ANSWER_DEADLINE_MS + 500, 0],
    ['a nonsense stamp: the short budget', Number.NaN, 1_000, ANSWER_BUDGET_MS],
  ])('%s', (_name, receivedAt, now, expected) => {
    expect(answerBudgetMs(receivedAt, now)).toBe(expected);
  });
});

describe('work that hangs (a database that does not answer)', () => {
  // Slack gives up at 3 s from its side: the empty ack must leave by 1 s after arrival,
  // whatever the work does, leaving two seconds for the network both ways
  afterEach(() => {
    vi.useRealTimers();
  });

  it('is acked empty at 1 s after arrival, not later, and answered through response_url once done', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const arrived = performance.now();
    vi.advanceTimersByTime(200); // queued 200 ms before the listener ran
    const t = io(arrived);
    let ackedAt: number | null = null;
    const ack = (t.io as { ack: (m?: unknown) => Promise<void> }).ack;
    (t.io as { ack: (m?: unknown) => Promise<void> }).ack = async (m) => {
      ackedAt = performance.now() - arrived;
      await ack(m);
    };
    const done = answerCommand(t.io, new Promise<typeof message>((r) => setTimeout(() => r(message), 5_000)));
    await vi.advanceTimersByTimeAsync(799);
    expect(ackedAt).toBeNull();
    await vi.advanceTimersByTimeAsync(1);
    expect(ackedAt).toBe(1_000); // counted from arrival: 800 ms after the listener started
    expect(t.acks).toEqual([undefined]);
    expect(t.responds).toEqual([]);
    await vi.advanceTimersByTimeAsync(5_000);
    await done;
    expect(t.responds).toEqual([{ response_type: 'ephemeral', text: 'Logged.', blocks: [] }]);
  });
});

describe('receivedAtOf', () => {
  it('reads the number the edge stamped, and nothing else', () => {
    expect(receivedAtOf({ receivedAt: 12.5 })).toBe(12.5);
    expect(receivedAtOf({ receivedAt: '12' })).toBeUndefined();
    expect(receivedAtOf({})).toBeUndefined();
  });
});

describe('answerCommand', () => {
  it('work that beats the deadline is the ack itself, nothing goes to response_url', async () => {
    // arrived 30 ms ago, the work takes 80 ms more: past the old 50 ms budget, well within the deadline
    const t = io(performance.now() - 30);
    await answerCommand(t.io, sleep(80).then(() => message));
    expect(t.acks).toEqual([{ response_type: 'ephemeral', text: 'Logged.', blocks: [] }]);
    expect(t.responds).toEqual([]);
  });

  it('work still running at the deadline: an empty ack at once, the answer through response_url', async () => {
    // on a fake clock: a wall-clock bound ("under 50 ms") failed when the box was busy
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    try {
      // arrived so long ago that the deadline has passed: no time left to wait
      const t = io(performance.now() - ANSWER_DEADLINE_MS - 10);
      let acked = -1;
      const started = performance.now();
      const ackFirst = t.io as { ack: (m?: unknown) => Promise<void> };
      const ack = ackFirst.ack;
      ackFirst.ack = async (m) => {
        acked = performance.now() - started;
        await ack(m);
      };
      const done = answerCommand(t.io, sleep(60).then(() => message));
      await vi.advanceTimersByTimeAsync(0);
      expect(t.acks).toEqual([undefined]);
      expect(acked).toBe(0);
      expect(t.responds).toEqual([]);
      await vi.advanceTimersByTimeAsync(60);
      await done;
      expect(t.responds).toEqual([{ response_type: 'ephemeral', text: 'Logged.', blocks: [] }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('without an arrival (Socket Mode) the short budget still sends slow work to response_url', async () => {
    const t = io();
    await answerCommand(t.io, sleep(ANSWER_BUDGET_MS + 60).then(() => message));
    expect(t.acks).toEqual([undefined]);
    expect(t.responds).toHaveLength(1);
  });
});
