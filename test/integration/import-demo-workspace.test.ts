// After `npm run demo`, an import without --team does not land in the demo's workspace, which
// the next demo replaces: it asks for the team; --team T_TEND_DEMO adds to the demo on purpose.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replaceDemoWorkspace } from '../../src/data/demo.ts';
import { runImport } from '../../src/import/run.ts';
import { DEMO_TEAM_ID } from '../../src/domain/slack-ids.ts';
import { createTestDb, type TestDb } from '../support/db.ts';

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await replaceDemoWorkspace(db.pool, DEMO_TEAM_ID);
});
afterAll(async () => {
  await db.drop();
});

describe('an import when the only workspace is the demo', () => {
  it('without --team is refused, naming both ways on; with --team T_TEND_DEMO it is the demo', async () => {
    const refused = await runImport(db.pool, { kind: 'products', text: 'name\nAnalytics Pro\n' });
    expect(!refused.ok && 'error' in refused && refused.error).toContain(`the only workspace is the demo's (${DEMO_TEAM_ID})`);
    expect((await db.pool.query(`select count(*)::int as n from product where name = 'Analytics Pro'`)).rows[0].n).toBe(0);
    const added = await runImport(db.pool, { kind: 'products', text: 'name\nAnalytics Pro\n', team: DEMO_TEAM_ID });
    expect(added.ok).toBe(true);
    expect((await db.pool.query(`select count(*)::int as n from product where name = 'Analytics Pro'`)).rows[0].n).toBe(1);
  });
});
