-- The holding that won a nudge: one purchase is one win, however many done nudges on the
-- account could claim it (data/nudge-sweep.ts markWins). The unique key holds it to that.
-- AlterTable
ALTER TABLE "nudge" ADD COLUMN "won_holding_id" INTEGER;

-- CreateIndex
CREATE UNIQUE INDEX "nudge_workspace_id_won_holding_id_key" ON "nudge"("workspace_id", "won_holding_id");

-- Wins marked before this column: each takes the holding that won it (the one of its value that
-- started after it, the suggested product first), one nudge a holding, so a later sweep does not
-- count that purchase again for another nudge of the account.
UPDATE "nudge" n SET "won_holding_id" = m.holding_id
FROM (
  SELECT DISTINCT ON (h.id) w.id AS nudge_id, h.id AS holding_id
  FROM "nudge" w
  JOIN "holding" h ON h.workspace_id = w.workspace_id AND h.account_id = w.account_id AND h.mrr_cents = w.outcome_value_cents
  WHERE w.outcome = 'won' AND h.started_at >= w.created_at
  ORDER BY h.id, (h.product_id = w.suggested_product_id) DESC, w.outcome_at, w.id
) m
WHERE n.id = m.nudge_id AND n."won_holding_id" IS NULL
  AND NOT EXISTS (SELECT 1 FROM "nudge" o WHERE o.workspace_id = n.workspace_id AND o."won_holding_id" = m.holding_id);
