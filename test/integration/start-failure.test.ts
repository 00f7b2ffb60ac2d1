// `npm start` that cannot reach its database says which one, from which variable, and where to
// look next (the doctor), in two lines and no stack trace, and exits 1.
import { describe, expect, it } from 'vitest';
import { SIGNING_SECRET, BOT_TOKEN } from '../support/app.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { startProcess } from '../support/process.ts';

describe('npm start without its database', () => {
  it('names PostgreSQL, the URL (password hidden) and DATABASE_URL, points to npm run doctor, and exits 1', async () => {
    const p = startProcess({
      DATABASE_URL: 'postgresql://tend:s3cret@127.0.0.1:5999/tend', REDIS_URL: TEST_REDIS_URL, PORT: '0',
      SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, LOG_LEVEL: 'silent',
    });
    const { code } = await p.exited;
    expect(code).toBe(1);
    const err = p.stderr();
    expect(err).toContain('tend: failed to start: PostgreSQL at postgresql://tend:[redacted]@127.0.0.1:5999/tend (DATABASE_URL)');
    expect(err).toContain('npm run doctor');
    expect(err).not.toContain('s3cret');
    expect(err).not.toMatch(/^\s+at /m);
  }, 30_000);
});
