// Dependencies point one way, read from the import lines of the source: pure rules import
// only other rules; views import only rules, views and the ids module; the data layer imports
// no view, no Slack code, no import pipeline and no job. npm packages are not ours: ignored.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
/** The one module views may import from outside src/domain and src/views (their ids). */
const IDS_MODULE = 'src/views/ids.ts';

/** Repository-relative paths of every module a file imports by a relative path. */
export function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  // `from '…'` (import and export), `import '…'` and `import('…')`
  for (const m of text.matchAll(/(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g)) {
    out.push(path.relative(ROOT, path.resolve(path.dirname(path.join(ROOT, file)), m[1]!)).split(path.sep).join('/'));
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(path.join(ROOT, dir), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => `${dir}/${f.split(path.sep).join('/')}`);
}

const inside = (p: string, dir: string) => p.startsWith(`${dir}/`);

/** "file → import" for every import of the layer's files that the rule refuses. */
function violations(dir: string, allowed: (target: string) => boolean): string[] {
  return filesUnder(dir).flatMap((file) =>
    importsOf(file, readFileSync(path.join(ROOT, file), 'utf8')).filter((t) => !allowed(t)).map((t) => `${file} → ${t}`),
  );
}

describe('import directions', () => {
  it('reads relative imports of every form, and only those', () => {
    const text = [
      "import { a } from '../domain/text.ts';",
      "import type {\n  B,\n} from './nudge.ts';",
      "export { c } from '../slack/ids.ts';",
      "import '../log.ts';",
      "const d = await import('../data/db.ts');",
      "import { z } from 'zod';",
      "import fs from 'node:fs';",
    ].join('\n');
    expect(importsOf('src/views/x.ts', text)).toEqual(['src/domain/text.ts', 'src/views/nudge.ts', 'src/slack/ids.ts', 'src/log.ts', 'src/data/db.ts']);
  });

  it('finds the layers it checks', () => {
    for (const dir of ['src/domain', 'src/views', 'src/data']) expect(filesUnder(dir).length).toBeGreaterThan(3);
  });

  it('src/domain imports nothing outside src/domain', () => {
    expect(violations('src/domain', (t) => inside(t, 'src/domain'))).toEqual([]);
  });

  it('src/views imports only src/domain, src/views and the ids module', () => {
    expect(violations('src/views', (t) => inside(t, 'src/domain') || inside(t, 'src/views') || t === IDS_MODULE)).toEqual([]);
  });

  it('src/data imports no view, Slack code, import pipeline or job', () => {
    const refused = ['src/views', 'src/slack', 'src/import', 'jobs'];
    expect(violations('src/data', (t) => !refused.some((d) => inside(t, d)))).toEqual([]);
  });
});
