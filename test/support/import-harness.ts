// What the import integration tests share: the CSV fixtures (test/fixtures/import), a pinned
// clock, and a schema of the test file's own, made before its tests and dropped after, with
// runImport on it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { Kind } from '../../src/domain/records.ts';
import { runImport, type ImportOutcome, type ImportRequest } from '../../src/import/run.ts';
import { createTestDb, type TestDb } from './db.ts';

export const IMPORT_FIXTURES = path.resolve(import.meta.dirname, '../fixtures/import');
/** What "in the future" is measured against in these files. */
export const IMPORT_NOW = new Date('2025-06-01T12:00:00Z');

export const fixtureText = (name: string): string => readFileSync(path.join(IMPORT_FIXTURES, name), 'utf8');
/** The file's bytes, as the CLI reads them: runImport decodes. */
export const fixtureBytes = (name: string): Uint8Array => new Uint8Array(readFileSync(path.join(IMPORT_FIXTURES, name)));

/** The outcome of an import that must have succeeded; a refusal fails the test with its first reasons. */
export function ok(out: ImportOutcome) {
  if (!out.ok) throw new Error(`import refused: ${JSON.stringify('rejects' in out ? out.rejects.slice(0, 5) : out.error)}`);
  return out;
}

/** Registers the file's schema hooks; `pool` is read once the tests run. */
export function importDb() {
  let db: TestDb | undefined;
  beforeAll(async () => {
    db = await createTestDb();
  });
  afterAll(async () => {
    await db?.drop();
  });
  const pool = () => {
    if (!db) throw new Error('the test schema is made in beforeAll');
    return db.pool;
  };
  return {
    pool,
    /** The schema's connection string, for a CLI run in a child process. */
    url: () => {
      if (!db) throw new Error('the test schema is made in beforeAll');
      return db.url;
    },
    imp: (team: string, kind: Kind, text: string | Uint8Array, opts: Partial<ImportRequest> = {}) =>
      runImport(pool(), { kind, text, team, now: IMPORT_NOW, ...opts }),
  };
}
