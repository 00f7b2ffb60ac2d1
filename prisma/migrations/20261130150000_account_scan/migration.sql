-- CreateTable
CREATE TABLE "account_scan" (
    "account_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "due_at" TIMESTAMP(3) NOT NULL DEFAULT '1970-01-01 00:00:00'::timestamp,
    "assignee_id" INTEGER,
    "waiting" INTEGER NOT NULL DEFAULT 0,
    "waiting_priority" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 0,
    "next_product_ids" INTEGER[] DEFAULT ARRAY[]::INTEGER[],
    "next_scores" DOUBLE PRECISION[] DEFAULT ARRAY[]::DOUBLE PRECISION[],

    CONSTRAINT "account_scan_pkey" PRIMARY KEY ("account_id")
);

-- CreateIndex
CREATE INDEX "account_scan_workspace_id_due_at_idx" ON "account_scan"("workspace_id", "due_at");

-- CreateIndex
CREATE INDEX "account_scan_workspace_id_assignee_id_waiting_priority_acco_idx" ON "account_scan"("workspace_id", "assignee_id", "waiting_priority" DESC, "account_id");

-- AddForeignKey
ALTER TABLE "account_scan" ADD CONSTRAINT "account_scan_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "account"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "account_scan" ADD CONSTRAINT "account_scan_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspace"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every account already here is due: the next scan reads it once.
INSERT INTO "account_scan" ("account_id", "workspace_id") SELECT "id", "workspace_id" FROM "account";

-- Marks accounts whose scan inputs changed as due at once (due_at = the epoch: before any
-- scan's clock, real or injected), whoever wrote: a command, an import, a raw insert. version
-- counts the marks: a scan that read an account before a mark does not overwrite it
-- (writeScanPage). Accounts in ascending id order, as the scan's own write locks them; an
-- account deleted meanwhile is skipped. The one home of the mark; the triggers below only say
-- which rows count.
CREATE FUNCTION "tend_mark_due"(ids INTEGER[], workspaces INTEGER[]) RETURNS void LANGUAGE sql SET search_path FROM CURRENT AS $$
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT ON (t.id) t.id, t.ws, '1970-01-01 00:00:00'::timestamp
  FROM unnest(ids, workspaces) AS t(id, ws)
  WHERE t.id IS NOT NULL AND EXISTS (SELECT 1 FROM account a WHERE a.id = t.id)
  ORDER BY t.id
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, workspace_id = excluded.workspace_id, version = account_scan.version + 1;
$$;

-- Rows written by one statement (transition tables: one mark per statement, never per row).
CREATE FUNCTION "tend_mark_changed"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(array_agg(account_id), array_agg(workspace_id)) FROM changed;
  RETURN NULL;
END $$;

CREATE FUNCTION "tend_mark_gone"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(array_agg(account_id), array_agg(workspace_id)) FROM gone;
  RETURN NULL;
END $$;

-- An update: the account of the new row and, when it moved, of the old one.
CREATE FUNCTION "tend_mark_moved"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(array_agg(account_id), array_agg(workspace_id))
  FROM (SELECT account_id, workspace_id FROM changed UNION ALL SELECT account_id, workspace_id FROM gone) t;
  RETURN NULL;
END $$;

-- New accounts: due at once.
CREATE FUNCTION "tend_mark_new_accounts"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(array_agg(id), array_agg(workspace_id)) FROM changed;
  RETURN NULL;
END $$;

-- One account whose own columns that the rules read changed (a row trigger: the scan's own
-- date fills touch other columns and fire nothing; transition tables of a million-row fill cost 2 s).
CREATE FUNCTION "tend_mark_account"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(ARRAY[NEW.id], ARRAY[NEW.workspace_id]);
  RETURN NULL;
END $$;

-- One row: what a person did to a nudge (claim, done, snooze, dismiss, undo), or a conversation
-- edited in what the rules read (a captured message folded into its hour's row changes none of it).
CREATE FUNCTION "tend_mark_row"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(ARRAY[NEW.account_id, OLD.account_id], ARRAY[NEW.workspace_id, OLD.workspace_id]);
  RETURN NULL;
END $$;

-- The rollup a scan reads changed (a catch-up after an import, a capture's refresh): written in
-- a transaction of its own after the conversations, so it marks the account again.
CREATE FUNCTION "tend_mark_rollup"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  PERFORM tend_mark_due(array_agg(n.account_id), array_agg(n.workspace_id))
  FROM changed n JOIN gone o ON o.account_id = n.account_id
  WHERE (n.touch_count, n.last_touch_at, n.median_gap_days, n.recent_kinds, n.next_step_conversation_id, n.next_step, n.next_step_due)
        IS DISTINCT FROM (o.touch_count, o.last_touch_at, o.median_gap_days, o.recent_kinds, o.next_step_conversation_id, o.next_step, o.next_step_due);
  RETURN NULL;
END $$;

CREATE TRIGGER "conversation_scan_due_ins" AFTER INSERT ON "conversation" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_changed"();
CREATE TRIGGER "conversation_scan_due_upd" AFTER UPDATE ON "conversation" FOR EACH ROW
  WHEN ((OLD.account_id, OLD.occurred_at, OLD.kind, OLD.next_step, OLD.next_step_due) IS DISTINCT FROM (NEW.account_id, NEW.occurred_at, NEW.kind, NEW.next_step, NEW.next_step_due))
  EXECUTE FUNCTION "tend_mark_row"();
CREATE TRIGGER "conversation_scan_due_del" AFTER DELETE ON "conversation" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_gone"();
CREATE TRIGGER "holding_scan_due_ins" AFTER INSERT ON "holding" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_changed"();
CREATE TRIGGER "holding_scan_due_upd" AFTER UPDATE ON "holding" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_moved"();
CREATE TRIGGER "holding_scan_due_del" AFTER DELETE ON "holding" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_gone"();
CREATE TRIGGER "account_scan_due_ins" AFTER INSERT ON "account" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_new_accounts"();
CREATE TRIGGER "account_scan_due_upd" AFTER UPDATE ON "account" FOR EACH ROW
  WHEN ((OLD.name, OLD.owner_id, OLD.status, OLD.created_at, OLD.workspace_id) IS DISTINCT FROM (NEW.name, NEW.owner_id, NEW.status, NEW.created_at, NEW.workspace_id))
  EXECUTE FUNCTION "tend_mark_account"();
CREATE TRIGGER "nudge_scan_due_upd" AFTER UPDATE OF "status" ON "nudge" FOR EACH ROW
  -- (the scan waking an ended snooze back to queued is its own write, not a person's)
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        AND (NEW.status IN ('claimed', 'done', 'dismissed', 'snoozed')
             OR (OLD.status IN ('claimed', 'done', 'dismissed', 'snoozed') AND NEW.status <> 'queued')))
  EXECUTE FUNCTION "tend_mark_row"();
CREATE TRIGGER "account_rollup_scan_due_ins" AFTER INSERT ON "account_rollup" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_changed"();
CREATE TRIGGER "account_rollup_scan_due_upd" AFTER UPDATE ON "account_rollup" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_rollup"();
