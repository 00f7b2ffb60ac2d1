// The queue dashboard (bull-board) at /admin/queues, behind HTTP basic auth from the
// environment (TEND_ADMIN_USER / TEND_ADMIN_PASSWORD). Not mounted at all without them.
// Read-only unless TEND_ADMIN_READ_WRITE=true: a leaked password then shows jobs but cannot
// retry, promote, clean or delete them.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { Express, NextFunction, Request, Response } from 'express';

export const ADMIN_PATH = '/admin/queues';

/** Constant-time comparison for secrets (of digests, so not even the length leaks). */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

export function basicAuth(user: string, password: string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const header = req.header('authorization') ?? '';
    const [scheme, encoded] = header.split(' ');
    if (scheme?.toLowerCase() === 'basic' && encoded) {
      const decoded = Buffer.from(encoded, 'base64').toString('utf8');
      const sep = decoded.indexOf(':');
      if (sep > 0 && sameSecret(decoded.slice(0, sep), user) && sameSecret(decoded.slice(sep + 1), password)) return next();
    }
    res.set('WWW-Authenticate', 'Basic realm="Tend queues"').status(401).send('authentication required');
  };
}

export function mountQueueDashboard(app: Express, queues: Queue[], auth: { user: string; password: string; readWrite?: boolean }): void {
  const adapter = new ExpressAdapter();
  adapter.setBasePath(ADMIN_PATH);
  const readOnlyMode = auth.readWrite !== true;
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q, { readOnlyMode })), serverAdapter: adapter });
  app.use(ADMIN_PATH, basicAuth(auth.user, auth.password), adapter.getRouter());
}
