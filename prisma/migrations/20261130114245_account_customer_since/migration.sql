-- AlterTable: when the customer relationship began (imported, or derived from the first holding's start)
ALTER TABLE "account" ADD COLUMN     "customer_since" TIMESTAMP(3);
