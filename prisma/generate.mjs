// `prisma generate` offline: the CLI only needs its WASM parts to generate the client, but it
// insists on a schema-engine binary it would download from a host that may be unreachable.
// A placeholder satisfies the check; migrations are applied by src/data/migrate.ts.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const env = { ...process.env };
if (!env.PRISMA_SCHEMA_ENGINE_BINARY) {
  const placeholder = path.join(tmpdir(), 'tend-prisma-schema-engine-placeholder');
  if (!existsSync(placeholder)) writeFileSync(placeholder, '#!/bin/sh\nexit 1\n');
  chmodSync(placeholder, 0o755);
  env.PRISMA_SCHEMA_ENGINE_BINARY = placeholder;
}
const result = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', 'generate'], { stdio: 'inherit', env });
process.exit(result.status ?? 1);
