// Prisma CLI configuration. The app itself never reads this file: it connects through
// @prisma/adapter-pg (src/data/db.ts) and applies migrations offline (src/data/migrate.ts).
import { defineConfig } from 'prisma/config';

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tend' },
});
