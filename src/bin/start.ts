// `npm start`: every role in one process by default; TEND_ROLES=web|worker|scheduler (or a
// comma list) runs some alone to scale out. SIGTERM/SIGINT drain and exit within 10 s.
import { boot } from '../boot.ts';
import { ConfigError, loadConfig } from '../config.ts';
import { createLogger } from '../log.ts';

async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`tend: ${err.problems.join('; ')}\n`);
      process.exit(2);
    }
    throw err;
  }
  const log = createLogger(config.logLevel);
  // Signals are heard from the first moment: one that arrives while we boot stops us as soon
  // as boot is done, instead of killing the process halfway through a migration.
  let running: Awaited<ReturnType<typeof boot>> | undefined;
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    const hard = setTimeout(() => {
      log.error('shutdown took too long; exiting');
      process.exit(1);
    }, config.shutdownMs + 800);
    hard.unref();
    await running?.stop();
    log.info('stopped cleanly');
    process.exit(0);
  };
  let pending: string | undefined;
  const onSignal = (signal: string) => (running ? void stop(signal) : (pending = signal));
  process.on('SIGTERM', () => onSignal('SIGTERM'));
  process.on('SIGINT', () => onSignal('SIGINT'));
  running = await boot(config, { log });
  if (pending) await stop(pending);
}

main().catch((err) => {
  process.stderr.write(`tend: failed to start: ${(err as Error).message}\n` +
    '  → `npm run doctor`, with the same variables, checks each thing Tend needs and says how to fix what is broken\n');
  process.exit(1);
});
