-- AlterTable
ALTER TABLE "workspace" ADD COLUMN     "timezone_source" TEXT NOT NULL DEFAULT 'default';
