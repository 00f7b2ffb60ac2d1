-- The median gap is now read between sessions of touches (src/domain/cadence.ts medianGapDays),
-- not single touches. Rolling every workspace's watermark back to 0 makes its next scan's
-- catch-up refold all its rollups once (src/data/rollups.ts catchUpRollups), so accounts not
-- touched since do not keep the old, burst-swamped rhythm.
UPDATE "workspace" SET "rollup_conversation_id" = 0;
