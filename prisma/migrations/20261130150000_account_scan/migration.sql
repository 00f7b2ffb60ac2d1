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
-- scan's clock, real or injected), whoever wrote: a command, an import, a raw insert. One
-- statement per writing statement (transition tables), never a row at a time. version counts
-- the marks: a scan that read an account before a mark does not overwrite it (writeScanPage).
CREATE FUNCTION "tend_mark_scan_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM changed ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- An update: the account of the new row and, when it moved, of the old one.
CREATE FUNCTION "tend_mark_scan_due_moved"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp
  FROM (SELECT account_id, workspace_id FROM changed UNION SELECT account_id, workspace_id FROM gone) t
  WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = t.account_id) ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- A delete: the account of the old row, if the account is still there.
CREATE FUNCTION "tend_mark_scan_due_gone"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM gone t
  WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = t.account_id) ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- A new account: due at once.
CREATE FUNCTION "tend_mark_account_new"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM changed ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, workspace_id = excluded.workspace_id, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- An account's own columns that the rules read changed (one row each: the scan's own date
-- fills touch other columns and fire nothing; transition tables of a million-row fill cost 2 s).
CREATE FUNCTION "tend_mark_account_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  VALUES (NEW.id, NEW.workspace_id, '1970-01-01 00:00:00'::timestamp)
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, workspace_id = excluded.workspace_id, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- One row: what a person did to a nudge (claim, done, snooze, dismiss, undo), or a conversation
-- edited in what the rules read (a captured message folded into its hour's row changes none of it).
CREATE FUNCTION "tend_mark_row_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT NEW.account_id, NEW.workspace_id, '1970-01-01 00:00:00'::timestamp
  WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = NEW.account_id)
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  IF OLD.account_id IS DISTINCT FROM NEW.account_id THEN
    INSERT INTO account_scan (account_id, workspace_id, due_at)
    SELECT OLD.account_id, OLD.workspace_id, '1970-01-01 00:00:00'::timestamp
    WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = OLD.account_id)
    ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  END IF;
  RETURN NULL;
END $$;

-- The rollup a scan reads changed (a catch-up after an import, a capture's refresh): written in
-- a transaction of its own after the conversations, so it marks the account again.
CREATE FUNCTION "tend_mark_rollup_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT n.account_id, n.workspace_id, '1970-01-01 00:00:00'::timestamp
  FROM changed n LEFT JOIN gone o ON o.account_id = n.account_id
  WHERE o.account_id IS NULL
     OR (n.touch_count, n.last_touch_at, n.median_gap_days, n.recent_kinds, n.next_step_conversation_id, n.next_step, n.next_step_due)
        IS DISTINCT FROM (o.touch_count, o.last_touch_at, o.median_gap_days, o.recent_kinds, o.next_step_conversation_id, o.next_step, o.next_step_due)
  ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

CREATE FUNCTION "tend_mark_rollup_new"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM changed ORDER BY 1
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "conversation_scan_due_ins" AFTER INSERT ON "conversation" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due"();
CREATE TRIGGER "conversation_scan_due_upd" AFTER UPDATE ON "conversation" FOR EACH ROW
  WHEN ((OLD.account_id, OLD.occurred_at, OLD.kind, OLD.next_step, OLD.next_step_due) IS DISTINCT FROM (NEW.account_id, NEW.occurred_at, NEW.kind, NEW.next_step, NEW.next_step_due))
  EXECUTE FUNCTION "tend_mark_row_due"();
CREATE TRIGGER "conversation_scan_due_del" AFTER DELETE ON "conversation" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_gone"();
CREATE TRIGGER "holding_scan_due_ins" AFTER INSERT ON "holding" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due"();
CREATE TRIGGER "holding_scan_due_upd" AFTER UPDATE ON "holding" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_moved"();
CREATE TRIGGER "holding_scan_due_del" AFTER DELETE ON "holding" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_gone"();
CREATE TRIGGER "account_scan_due_ins" AFTER INSERT ON "account" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_account_new"();
CREATE TRIGGER "account_scan_due_upd" AFTER UPDATE ON "account" FOR EACH ROW
  WHEN ((OLD.name, OLD.owner_id, OLD.status, OLD.created_at, OLD.workspace_id) IS DISTINCT FROM (NEW.name, NEW.owner_id, NEW.status, NEW.created_at, NEW.workspace_id))
  EXECUTE FUNCTION "tend_mark_account_due"();
CREATE TRIGGER "nudge_scan_due_upd" AFTER UPDATE OF "status" ON "nudge" FOR EACH ROW
  -- (the scan waking an ended snooze back to queued is its own write, not a person's)
  WHEN (OLD.status IS DISTINCT FROM NEW.status
        AND (NEW.status IN ('claimed', 'done', 'dismissed', 'snoozed')
             OR (OLD.status IN ('claimed', 'done', 'dismissed', 'snoozed') AND NEW.status <> 'queued')))
  EXECUTE FUNCTION "tend_mark_row_due"();
CREATE TRIGGER "account_rollup_scan_due_ins" AFTER INSERT ON "account_rollup" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_rollup_new"();
CREATE TRIGGER "account_rollup_scan_due_upd" AFTER UPDATE ON "account_rollup" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_rollup_due"();
