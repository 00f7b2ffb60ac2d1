-- The value at stake of an account's waiting nudges (they share the account's figure): the
-- accounts a manager's digest ranks first get rows at the end of a scan (data/account-scan.ts
-- lineTargets) even when they sit below their rep's line by priority.
ALTER TABLE "account_scan" ADD COLUMN "waiting_value_cents" BIGINT;
