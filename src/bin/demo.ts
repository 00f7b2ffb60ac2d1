// `npm run demo`: a realistic demo workspace → the real scan through BullMQ → the nudges,
// ranked, in the terminal (src/demo/run.ts). Uses DATABASE_URL when set, else the embedded
// PostgreSQL under ./.data/; REDIS_URL or a local Redis. Re-running replaces the demo workspace.
import { boot } from '../boot.ts';
import { loadConfig } from '../config.ts';
import { runDemo } from '../demo/run.ts';
import { createLogger } from '../log.ts';

// quiet by default: the demo speaks through its own output (LOG_LEVEL=info to see the jobs)
const config = loadConfig({ LOG_LEVEL: 'error', ...process.env, TEND_ROLES: 'worker' });
const running = await boot(config, { log: createLogger(config.logLevel) });
try {
  await runDemo(running.rt, { dataDir: config.dataDir, say: (text) => console.log(text) });
} finally {
  await running.stop();
}
