// The queue dashboard is there for operators with the password, and for nobody else.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

let app: TestApp;
let bare: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: 'web', env: { TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: 'correct horse' } });
  bare = await startTestApp({ roles: 'web' });
});
afterAll(async () => {
  await app.stop();
  await bare.stop();
});

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });

describe('/admin/queues', () => {
  it('asks for credentials and refuses wrong ones', async () => {
    const none = await fetch(`${app.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${app.url}/admin/queues`, { headers: basic('ops', 'wrong') })).status).toBe(401);
    expect((await fetch(`${app.url}/admin/queues/api/queues`, { headers: basic('ops', 'wrong') })).status).toBe(401);
  });

  it('shows the four queues with the right password', async () => {
    const page = await fetch(`${app.url}/admin/queues`, { headers: basic('ops', 'correct horse') });
    expect(page.status).toBe(200);
    const api = await fetch(`${app.url}/admin/queues/api/queues`, { headers: basic('ops', 'correct horse') });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['deliver', 'digest', 'scan', 'sweep']);
  });

  it('is not mounted when no admin credentials are configured', async () => {
    expect((await fetch(`${bare.url}/admin/queues`)).status).toBe(404);
  });
});
