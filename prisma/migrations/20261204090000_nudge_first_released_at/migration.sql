-- When the team first saw a nudge: released_at is its latest release (a snooze's wake moves
-- it, for the day's budget and the escalation's wait), so a win would count from the wake.
-- Written when a wake or a re-queue replaces released_at; null: released_at is the first.
-- Cleared when the nudge comes back from resolved (a new life). (data/nudge-sweep.ts markWins)
-- AlterTable
ALTER TABLE "nudge" ADD COLUMN "first_released_at" TIMESTAMP(3);
