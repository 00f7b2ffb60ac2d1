// Which processor handles which queue. Each processor file is one job kind.
import type { Processors } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';

export function createProcessors(_rt: Runtime): Processors {
  return {};
}
