-- The days a team works (ISO weekdays, 1 Monday … 7 Sunday): Tend releases nudges, sends the
-- scheduled digest, raises unclaimed nudges and brings snoozed ones back only on them
-- (src/domain/working-days.ts). Monday to Friday unless a manager sets another week.
ALTER TABLE "workspace" ADD COLUMN "work_days" INTEGER[] DEFAULT ARRAY[1, 2, 3, 4, 5]::INTEGER[];
