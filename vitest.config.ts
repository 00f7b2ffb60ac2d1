import { defineConfig } from 'vitest/config';

// Timing-sensitive suites (load: every command answered within Slack's 3 s) run last and
// alone, so they measure the app, not a neighbour test file competing for the 2 cores.
const ALONE = ['test/faults/load.test.ts', 'test/faults/hostile-burst.test.ts'];

export default defineConfig({
  test: {
    // Files run in parallel, each isolated by its own Postgres schema and Redis prefix.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // asynchronous work (queued jobs, events handled after their ack) gets time on a busy CI box
    expect: { poll: { timeout: 10_000, interval: 50 } },
    globalSetup: ['test/support/global-setup.ts'],
    projects: [
      { extends: true, test: { name: 'tend', include: ['test/**/*.test.ts'], exclude: ALONE } },
      // one file at a time, so the timing suites do not measure each other either
      { extends: true, test: { name: 'timing', include: ALONE, maxWorkers: 1, sequence: { groupOrder: 1 } } },
    ],
  },
});
