-- AlterEnum
ALTER TYPE "nudge_resolution" ADD VALUE 'owner';
