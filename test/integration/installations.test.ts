// The installation store on real Postgres: a sealed installation opens only in its own row,
// and rows an older Tend sealed in the v1 format still open and end up sealed as v2.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { boot } from '../../src/boot.ts';
import { loadConfig } from '../../src/config.ts';
import { createInstallationStore, resealLegacyInstallations } from '../../src/data/installations.ts';
import { createLogger } from '../../src/log.ts';
import { unseal } from '../../src/security/seal.ts';
import { oauthEnv } from '../support/app.ts';
import { createTestDb, type TestDb } from '../support/db.ts';
import { TEST_REDIS_URL } from '../support/env.ts';
import { sealV1 } from '../support/legacy-seal.ts';
import { dropPrefix, testPrefix } from '../support/redis.ts';

const key = randomBytes(32);
const prefix = testPrefix();
let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
});
afterAll(async () => {
  await db.drop();
  await dropPrefix(prefix);
});

const installation = (teamId: string, token: string) => ({
  team: { id: teamId, name: teamId },
  enterprise: undefined,
  user: { id: 'U1', token: undefined, scopes: undefined },
  bot: { token, scopes: ['chat:write'], id: 'B1', userId: 'UBOT' },
  isEnterpriseInstall: false,
  authVersion: 'v2' as const,
});

const sealedOf = async (installKey: string) => (await db.prisma.slackInstallation.findUniqueOrThrow({ where: { installKey } })).sealed;

/** A row the way a release before v2 stored it. */
async function legacyRow(teamId: string, token: string) {
  await db.prisma.slackInstallation.create({
    data: { installKey: teamId, teamId, sealed: sealV1(key, JSON.stringify(installation(teamId, token))) },
  });
}

describe('installation store sealing', () => {
  it('stores v2 bound to the row: a token copied into another installation\'s row does not open there', async () => {
    const store = createInstallationStore(db, key);
    await store.storeInstallation(installation('T0AAAAAA1', 'xoxb-aaa') as never);
    await store.storeInstallation(installation('T0BBBBBB1', 'xoxb-bbb') as never);
    const a = await sealedOf('T0AAAAAA1');
    expect(a.startsWith('v2.')).toBe(true);
    expect((await store.fetchInstallation({ teamId: 'T0AAAAAA1', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-aaa');

    // someone with write access to the table moves A's sealed token into B's row
    await db.prisma.slackInstallation.update({ where: { installKey: 'T0BBBBBB1' }, data: { sealed: a } });
    await expect(store.fetchInstallation({ teamId: 'T0BBBBBB1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow();
  });

  it('a v1 row opens, and is sealed again as v2 on read', async () => {
    await legacyRow('T0CCCCCC1', 'xoxb-ccc');
    const store = createInstallationStore(db, key);
    const got = await store.fetchInstallation({ teamId: 'T0CCCCCC1', enterpriseId: undefined, isEnterpriseInstall: false });
    expect(got.bot?.token).toBe('xoxb-ccc');
    const now = await sealedOf('T0CCCCCC1');
    expect(now.startsWith('v2.')).toBe(true);
    expect(JSON.parse(unseal(key, now, 'slack_installation:T0CCCCCC1')).bot.token).toBe('xoxb-ccc');
    expect((await store.fetchInstallation({ teamId: 'T0CCCCCC1', enterpriseId: undefined, isEnterpriseInstall: false })).bot?.token).toBe('xoxb-ccc');
  });

  it('a v1 value moved to another row is refused too: the team inside it must be the row\'s', async () => {
    await legacyRow('T0DDDDDD1', 'xoxb-ddd');
    await db.prisma.slackInstallation.create({ data: { installKey: 'T0EEEEEE1', teamId: 'T0EEEEEE1', sealed: await sealedOf('T0DDDDDD1') } });
    const store = createInstallationStore(db, key);
    await expect(store.fetchInstallation({ teamId: 'T0EEEEEE1', enterpriseId: undefined, isEnterpriseInstall: false })).rejects.toThrow(/belongs to T0DDDDDD1/);
    expect((await sealedOf('T0EEEEEE1')).startsWith('v1.')).toBe(true);
    await db.prisma.slackInstallation.delete({ where: { installKey: 'T0EEEEEE1' } });
  });

  it('the boot sweep seals every v1 row again as v2 (once)', async () => {
    await legacyRow('T0FFFFFF1', 'xoxb-fff');
    await legacyRow('T0GGGGGG1', 'xoxb-ggg');
    const legacy = await db.prisma.slackInstallation.count({ where: { sealed: { startsWith: 'v1.' } } });
    expect(legacy).toBeGreaterThanOrEqual(2);
    expect(await resealLegacyInstallations(db.prisma, key)).toEqual({ sealed: legacy, refused: [] });
    const rows = await db.prisma.slackInstallation.findMany({ select: { installKey: true, sealed: true } });
    expect(rows.length).toBeGreaterThanOrEqual(5);
    for (const r of rows) expect(r.sealed.startsWith('v2.'), r.installKey).toBe(true);
    expect(JSON.parse(unseal(key, await sealedOf('T0GGGGGG1'), 'slack_installation:T0GGGGGG1')).bot.token).toBe('xoxb-ggg');
    expect(await resealLegacyInstallations(db.prisma, key)).toEqual({ sealed: 0, refused: [] });
  });

  it('the boot sweep names a v1 row that will not open and seals the others', async () => {
    await legacyRow('T0JJJJJJ1', 'xoxb-jjj');
    await legacyRow('T0KKKKKK1', 'xoxb-kkk');
    // a value moved from another row: the team inside is not the row's
    await db.prisma.slackInstallation.create({ data: { installKey: 'T0LLLLLL1', teamId: 'T0LLLLLL1', sealed: await sealedOf('T0JJJJJJ1') } });
    expect(await resealLegacyInstallations(db.prisma, key)).toEqual({ sealed: 2, refused: ['T0LLLLLL1'] });
    expect((await sealedOf('T0KKKKKK1')).startsWith('v2.')).toBe(true);
    expect((await sealedOf('T0LLLLLL1')).startsWith('v1.')).toBe(true);
    await db.prisma.slackInstallation.delete({ where: { installKey: 'T0LLLLLL1' } });
  });

  it('Tend started in OAuth mode seals an older release\'s rows again before it serves', async () => {
    await legacyRow('T0HHHHHH1', 'xoxb-hhh');
    const config = loadConfig({
      // the Slack API is not called at start
      ...oauthEnv('http://127.0.0.1:9/api/', key.toString('hex')),
      DATABASE_URL: db.url,
      REDIS_URL: TEST_REDIS_URL,
      TEND_QUEUE_PREFIX: prefix,
      TEND_ROLES: 'scheduler',
    });
    const running = await boot(config, { log: createLogger('silent') });
    await running.stop();
    expect(await db.prisma.slackInstallation.count({ where: { sealed: { startsWith: 'v1.' } } })).toBe(0);
    expect(JSON.parse(unseal(key, await sealedOf('T0HHHHHH1'), 'slack_installation:T0HHHHHH1')).bot.token).toBe('xoxb-hhh');
  });
});
