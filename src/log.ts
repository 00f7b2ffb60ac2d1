import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs; child loggers carry workspace and job ids. */
export function createLogger(level: string, name = 'tend'): Logger {
  return pino({ name, level, base: { pid: process.pid }, timestamp: pino.stdTimeFunctions.isoTime });
}
