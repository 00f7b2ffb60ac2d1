-- A touch written in one round trip (a /log's path; it was four: BEGIN, the insert, the
-- rollup's refold, COMMIT). The conversation is inserted with its account row locked, then the
-- account's rollup is refolded by `refold`: the app's own statement (src/data/rollups.ts
-- refreshRollupsSql, over $1 the workspace and $2 the account ids), passed in so the fold is
-- written in one place; our SQL text, never input, and the function runs with its caller's
-- rights, so it lets no one run what they could not run themselves. Each statement of a
-- plpgsql function takes a fresh snapshot, so the refold sees every touch committed before the
-- lock was granted: two touches on one account serialise and the later refold counts both. One
-- call, one transaction. Returns the new conversation (created), or the earlier one when the
-- source key was used before (a redelivered command); no row when the account is not in the
-- workspace.
CREATE FUNCTION "tend_record_touch"(
  p_workspace INTEGER, p_account INTEGER, p_member INTEGER, p_occurred_at TIMESTAMP(3), p_medium "medium", p_summary TEXT,
  p_kind "touch_kind", p_sentiment "sentiment", p_next_step TEXT, p_next_step_due TIMESTAMP(3), p_source "touch_source",
  p_source_key TEXT, refold TEXT
) RETURNS TABLE (conversation_id INTEGER, created BOOLEAN) LANGUAGE plpgsql SET search_path FROM CURRENT AS $$
DECLARE
  new_id INTEGER;
BEGIN
  INSERT INTO conversation (workspace_id, account_id, member_id, occurred_at, medium, summary, kind, sentiment,
                            next_step, next_step_due, source, source_key)
  SELECT a.workspace_id, a.id, p_member, p_occurred_at, p_medium, p_summary, p_kind, p_sentiment,
         p_next_step, p_next_step_due, p_source, p_source_key
  FROM account a WHERE a.id = p_account AND a.workspace_id = p_workspace
  FOR UPDATE OF a
  ON CONFLICT (workspace_id, source_key) DO NOTHING
  RETURNING id INTO new_id;
  IF new_id IS NOT NULL THEN
    EXECUTE refold USING p_workspace, ARRAY[p_account];
    RETURN QUERY SELECT new_id, true;
  ELSIF EXISTS (SELECT 1 FROM account a WHERE a.id = p_account AND a.workspace_id = p_workspace) THEN
    RETURN QUERY SELECT (SELECT c.id FROM conversation c WHERE c.workspace_id = p_workspace AND c.source_key = p_source_key), false;
  END IF;
END $$;
