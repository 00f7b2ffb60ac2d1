-- A member's full name as Slack gives it (users.info's real_name) beside the display name
-- kept in name: a CRM export names an account's owner by full name ("Ana López"), which a
-- display name ("ana") does not match.
-- AlterTable
ALTER TABLE "member" ADD COLUMN "real_name" TEXT;
