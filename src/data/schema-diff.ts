// Prisma's own schema engine (the WASM build, driven through @prisma/adapter-pg) diffing
// schema.prisma against an empty database or a live one — offline, where the CLI would
// need a native binary it cannot download. Used to write migrations and to prove no drift.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PrismaPg } from '@prisma/adapter-pg';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { PACKAGE_ROOT } from '../package-root.ts';

export const SCHEMA_PATH = path.join(PACKAGE_ROOT, 'prisma/schema.prisma');

type Glue = {
  __wbg_set_wasm(exports: unknown): void;
  SchemaEngine: { new: (params: unknown, log: (m: string) => void, adapter: unknown) => Promise<Engine> };
};
type Engine = {
  diff(params: unknown): Promise<{ exitCode: number; stdout?: string }>;
  free(): void;
};

let gluePromise: Promise<Glue> | undefined;

async function loadEngine(): Promise<Glue> {
  gluePromise ??= (async () => {
    // The package imports its .wasm as an ES module, which Node 20 cannot; instantiate by hand.
    const glueUrl = import.meta.resolve('@prisma/schema-engine-wasm/schema_engine_bg');
    const glue = (await import(glueUrl)) as Glue;
    const wasmPath = path.join(path.dirname(fileURLToPath(glueUrl)), 'schema_engine_bg.wasm');
    // (the WebAssembly global is untyped under lib ES2023 without DOM)
    const wasm = (globalThis as unknown as { WebAssembly: { instantiate(b: Buffer, i: object): Promise<{ instance: { exports: unknown } }> } }).WebAssembly;
    const { instance } = await wasm.instantiate(readFileSync(wasmPath), { './schema_engine_bg.js': glue as never });
    glue.__wbg_set_wasm(instance.exports);
    (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
    return glue;
  })();
  return gluePromise;
}

/** adapter-pg cannot describe Postgres' internal "char" type (OID 18) that catalog queries return; read it as text. */
function withCharAsText(adapter: PrismaPg): PrismaPg {
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const conn = await connect();
    const proto = Object.getPrototypeOf(Object.getPrototypeOf(conn)) as { performIO: (q: unknown) => Promise<{ fields?: { dataTypeID: number }[] }>; __tendCharPatched?: boolean };
    if (!proto.__tendCharPatched) {
      const io = proto.performIO;
      proto.__tendCharPatched = true;
      proto.performIO = async function (this: unknown, q: unknown) {
        const r = await io.call(this, q);
        for (const f of r?.fields ?? []) if (f.dataTypeID === 18) f.dataTypeID = 25;
        return r;
      };
    }
    return conn;
  };
  return adapter;
}

export type DiffResult = { differs: boolean; sql: string };

/**
 * SQL that takes `from` (nothing, or the live database schema at `url`/`schema`) to what
 * schema.prisma describes.
 */
export async function diffSchema(from: { kind: 'empty' } | { kind: 'database'; url: string; schema: string }, schemaPath = SCHEMA_PATH): Promise<DiffResult> {
  const glue = await loadEngine();
  const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }];
  const url = from.kind === 'database' ? from.url : 'postgresql://postgres@127.0.0.1:5432/postgres';
  const schema = from.kind === 'database' ? from.schema : 'public';
  const adapter = withCharAsText(new PrismaPg({ connectionString: url, connectionTimeoutMillis: 5_000 }, { schema }));
  const engine = await glue.SchemaEngine.new({ datamodels: files.map((f) => [f.path, f.content]) }, () => {}, bindMigrationAwareSqlAdapterFactory(adapter as never));
  try {
    const res = await engine.diff({
      from: from.kind === 'empty' ? { tag: 'empty' } : { tag: 'schemaDatasource', files, configDir: path.dirname(schemaPath) },
      to: { tag: 'schemaDatamodel', files },
      script: true,
      exitCode: true,
      filters: { externalTables: [], externalEnums: [] },
    });
    return { differs: res.exitCode === 2, sql: res.stdout ?? '' };
  } finally {
    engine.free();
  }
}
