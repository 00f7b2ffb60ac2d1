// Which processor handles which queue. Each processor file is one job kind.
import type { Processors } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { createScanProcessor } from './scan.ts';

export function createProcessors(rt: Runtime): Processors {
  return {
    scan: createScanProcessor(rt),
  };
}
