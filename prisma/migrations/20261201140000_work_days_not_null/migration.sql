-- A workspace always has its working week: every reader takes NULL (and an empty list) for
-- Monday to Friday (domain/working-days.ts workDaysOf), so those rows get that week, and NULL
-- is refused from now on, as schema.prisma's Int[] (never null) tells Prisma's client.
UPDATE "workspace" SET "work_days" = DEFAULT WHERE "work_days" IS NULL OR cardinality("work_days") = 0;
ALTER TABLE "workspace" ALTER COLUMN "work_days" SET NOT NULL;
