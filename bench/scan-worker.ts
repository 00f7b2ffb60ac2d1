// A scan worker in its own process, so the bench can read its peak RSS: boots Tend with the
// worker role on the bench's schema and queue prefix, says "ready", and stops on SIGTERM
// (the bench reads the peak RSS from /proc before stopping it).
import { boot } from '../src/boot.ts';
import { loadConfig } from '../src/config.ts';

const running = await boot(loadConfig({ ...process.env, TEND_ROLES: 'worker', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }));
console.log(JSON.stringify({ ready: true }));
process.on('SIGTERM', async () => {
  await running.stop();
  process.exit(0);
});
