import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Files run in parallel, each isolated by its own Postgres schema and Redis prefix.
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 30_000,
    // asynchronous work (queued jobs, events handled after their ack) gets time on a busy CI box
    expect: { poll: { timeout: 10_000, interval: 50 } },
    hookTimeout: 60_000,
    globalSetup: ['test/support/global-setup.ts'],
  },
});
