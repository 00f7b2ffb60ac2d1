-- CreateTable
CREATE TABLE "account_scan" (
    "account_id" INTEGER NOT NULL,
    "workspace_id" INTEGER NOT NULL,
    "due_at" TIMESTAMP(3) NOT NULL DEFAULT '1970-01-01 00:00:00'::timestamp,
    "assignee_id" INTEGER,
    "waiting" INTEGER NOT NULL DEFAULT 0,
    "waiting_priority" DOUBLE PRECISION,
    "version" INTEGER NOT NULL DEFAULT 0,

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
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM changed
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- An update: the account of the new row and, when it moved, of the old one.
CREATE FUNCTION "tend_mark_scan_due_moved"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp
  FROM (SELECT account_id, workspace_id FROM changed UNION SELECT account_id, workspace_id FROM gone) t
  WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = t.account_id)
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- A delete: the account of the old row, if the account is still there.
CREATE FUNCTION "tend_mark_scan_due_gone"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT account_id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM gone t
  WHERE EXISTS (SELECT 1 FROM account a WHERE a.id = t.account_id)
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- A new account: due at once.
CREATE FUNCTION "tend_mark_account_new"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT id, workspace_id, '1970-01-01 00:00:00'::timestamp FROM changed
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, workspace_id = excluded.workspace_id, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- An account's own columns that the rules read (the scan's own date fills do not count).
CREATE FUNCTION "tend_mark_account_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT n.id, n.workspace_id, '1970-01-01 00:00:00'::timestamp
  FROM changed n JOIN gone o ON o.id = n.id
  WHERE (n.name, n.owner_id, n.status, n.created_at, n.workspace_id) IS DISTINCT FROM (o.name, o.owner_id, o.status, o.created_at, o.workspace_id)
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, workspace_id = excluded.workspace_id, version = account_scan.version + 1;
  RETURN NULL;
END $$;

-- What a person did to a nudge (claim, done, snooze, dismiss, undo) changes what the account may get.
CREATE FUNCTION "tend_mark_nudge_due"() RETURNS trigger LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
BEGIN
  INSERT INTO account_scan (account_id, workspace_id, due_at)
  SELECT DISTINCT n.account_id, n.workspace_id, '1970-01-01 00:00:00'::timestamp
  FROM changed n JOIN gone o ON o.id = n.id
  WHERE n.status <> o.status
    AND (n.status IN ('claimed', 'done', 'dismissed', 'snoozed') OR o.status IN ('claimed', 'done', 'dismissed', 'snoozed'))
  ON CONFLICT (account_id) DO UPDATE SET due_at = excluded.due_at, version = account_scan.version + 1;
  RETURN NULL;
END $$;

CREATE TRIGGER "conversation_scan_due_ins" AFTER INSERT ON "conversation" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due"();
CREATE TRIGGER "conversation_scan_due_upd" AFTER UPDATE ON "conversation" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_moved"();
CREATE TRIGGER "conversation_scan_due_del" AFTER DELETE ON "conversation" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_gone"();
CREATE TRIGGER "holding_scan_due_ins" AFTER INSERT ON "holding" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due"();
CREATE TRIGGER "holding_scan_due_upd" AFTER UPDATE ON "holding" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_moved"();
CREATE TRIGGER "holding_scan_due_del" AFTER DELETE ON "holding" REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_scan_due_gone"();
CREATE TRIGGER "account_scan_due_ins" AFTER INSERT ON "account" REFERENCING NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_account_new"();
CREATE TRIGGER "account_scan_due_upd" AFTER UPDATE ON "account" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_account_due"();
CREATE TRIGGER "nudge_scan_due_upd" AFTER UPDATE ON "nudge" REFERENCING OLD TABLE AS gone NEW TABLE AS changed FOR EACH STATEMENT EXECUTE FUNCTION "tend_mark_nudge_due"();
