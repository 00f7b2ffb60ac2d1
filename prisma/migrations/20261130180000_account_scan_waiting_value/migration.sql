-- The value at stake of an account's waiting nudges (they share the account's figure): the
-- accounts a manager's digest ranks first get rows at the end of a scan (data/account-scan.ts
-- lineTargets) even when they sit below their rep's line by priority. Rows already waiting
-- take their value when the scan next judges the account: at the latest the weekly remodel.
ALTER TABLE "account_scan" ADD COLUMN "waiting_value_cents" BIGINT;
