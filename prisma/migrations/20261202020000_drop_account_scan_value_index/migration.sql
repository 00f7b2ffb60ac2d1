-- The value index of 20261201160000 made every write of account_scan's state dearer (one UPDATE
-- of all 1M rows 16.3 s -> 32.9 s, the full scan 2.47x -> 4.00x the bare SQL) and did not shorten
-- the line step it was for (619 ms against 641 ms): the digest's top five by value are found by
-- a top-N sort of the waiting accounts again (docs/BENCHMARKS.md, 2026-12-02).
-- DropIndex
DROP INDEX "account_scan_workspace_id_waiting_value_cents_account_id_idx";
