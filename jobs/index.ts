// Which processor handles which queue. Each processor file is one job kind.
import type { Processors } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { createScanProcessor } from './scan.ts';
import { deliver } from './deliver.ts';
import { createDigestProcessor } from './digest.ts';
import { sweep } from './sweep.ts';
import { refresh } from './refresh.ts';

export function createProcessors(rt: Runtime): Processors {
  return {
    scan: createScanProcessor(rt, { partSize: rt.config.scanPartSize }),
    deliver: (p, ctx) => deliver(rt, p, ctx),
    sweep: (p, ctx) => sweep(rt, p, ctx),
    digest: createDigestProcessor(rt),
    refresh: (p) => refresh(rt, p),
  };
}
