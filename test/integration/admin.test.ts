// The queue dashboard is there for operators with the password, and for nobody else: read-only
// unless asked, on the public port or only on the internal listener.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

const PASSWORD = 'correct horse battery staple';
let app: TestApp;
let inside: TestApp;
let bare: TestApp;
beforeAll(async () => {
  app = await startTestApp({ roles: 'web', env: { TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: PASSWORD } });
  inside = await startTestApp({
    roles: 'web',
    env: { TEND_ADMIN_USER: 'ops', TEND_ADMIN_PASSWORD: PASSWORD, TEND_ADMIN_ON: 'internal', TEND_ADMIN_READ_WRITE: 'true', TEND_METRICS_PORT: '0' },
  });
  bare = await startTestApp({ roles: 'web' });
});
afterAll(async () => {
  await app?.stop();
  await inside?.stop();
  await bare?.stop();
});

const basic = (u: string, p: string) => ({ authorization: `Basic ${Buffer.from(`${u}:${p}`).toString('base64')}` });
const auth = basic('ops', PASSWORD);
const put = (url: string) => fetch(url, { method: 'PUT', headers: auth });

describe('/admin/queues', () => {
  it('asks for credentials and refuses wrong ones', async () => {
    const none = await fetch(`${app.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${app.url}/admin/queues`, { headers: basic('ops', 'wrong') })).status).toBe(401);
    expect((await fetch(`${app.url}/admin/queues/api/queues`, { headers: basic('ops', 'wrong') })).status).toBe(401);
    expect((await fetch(`${app.url}/admin/queues`, { headers: basic('ops', `${PASSWORD}x`) })).status).toBe(401);
  });

  it('shows the four queues with the right password', async () => {
    const page = await fetch(`${app.url}/admin/queues`, { headers: auth });
    expect(page.status).toBe(200);
    const api = await fetch(`${app.url}/admin/queues/api/queues`, { headers: auth });
    expect(api.status).toBe(200);
    const body = (await api.json()) as { queues: { name: string; readOnlyMode: boolean }[] };
    expect(body.queues.map((q) => q.name).sort()).toEqual(['deliver', 'digest', 'scan', 'sweep']);
    expect(body.queues.every((q) => q.readOnlyMode)).toBe(true);
  });

  it('is read-only by default: no retry, clean, pause or add, even with the password', async () => {
    const q = `${app.url}/admin/queues/api/queues/sweep`;
    for (const path of ['retry/failed', 'clean/completed', 'pause', 'promote', 'empty']) expect((await put(`${q}/${path}`)).status).toBe(405);
    const add = await fetch(`${q}/add`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x', data: {} }) });
    expect(add.status).toBe(405);
    // "pause all" skips read-only queues
    expect((await put(`${app.url}/admin/queues/api/queues/pause`)).status).toBe(200);
    expect(await app.running.rt.queues.sweep.isPaused()).toBe(false);
  });

  it('with TEND_ADMIN_ON=internal, is served on the internal listener only; TEND_ADMIN_READ_WRITE=true allows changes', async () => {
    expect((await fetch(`${inside.url}/admin/queues`, { headers: auth })).status).toBe(404);
    const internal = `http://127.0.0.1:${inside.running.metricsPort}/admin/queues`;
    expect((await fetch(internal)).status).toBe(401);
    expect((await fetch(internal, { headers: auth })).status).toBe(200);
    expect((await put(`${internal}/api/queues/sweep/clean/completed`)).status).toBe(200);
    expect((await put(`${internal}/api/queues/sweep/pause`)).status).toBe(200);
    expect(await inside.running.rt.queues.sweep.isPaused()).toBe(true);
    await inside.running.rt.queues.sweep.resume();
  });

  it('is not mounted when no admin credentials are configured', async () => {
    expect((await fetch(`${bare.url}/admin/queues`)).status).toBe(404);
  });
});
