// "Log the give" submitted: the conversation is written (idempotent on the view id) and the
// nudge marked done, so a double submit logs one touch and changes the nudge once.
import type { Middleware, SlackViewMiddlewareArgs } from '@slack/bolt';
import { recordTouch } from '../../data/conversations.ts';
import { ensureMember } from '../../data/members.ts';
import { loadCard } from '../../data/nudge-cards.ts';
import { dedupeKeys } from '../../domain/nudge-state.ts';
import type { Runtime } from '../../runtime.ts';
import { nudgeIdFromMetadata, readDoneModal } from '../../views/nudge.ts';
import { pickedDueDate, touchFields } from '../../views/log-modal.ts';
import { callerFor, formTimezone, workspaceOf } from '../flows/caller.ts';
import { republishHome } from '../flows/home.ts';
import { act, openedFromHome, retireAnsweredByDone } from '../flows/nudge-act.ts';

export function nudgeDoneSubmission(rt: Runtime): Middleware<SlackViewMiddlewareArgs> {
  return async ({ ack, body, view, context, client }) => {
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdFromMetadata(view.private_metadata);
    const row = workspace && nudgeId !== null ? await loadCard(rt.db.pool, workspace.id, nudgeId).catch(() => null) : null;
    if (!workspace || nudgeId === null || !row) {
      await ack();
      return;
    }
    const caller = await callerFor(rt, workspace, body.user.id, client).catch(() => null);
    // a picked due date is the rep's own local date, as in the log form (the workspace's zone when unknown)
    const timeZone = caller ? await formTimezone(rt, caller, pickedDueDate(view.state)) : workspace.timezone;
    const read = readDoneModal(view.state.values, row.accountId, rt.now(), timeZone);
    if (!read.ok) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    await ack();
    try {
      const member = caller?.member ?? (await ensureMember(rt.db.pool, workspace.id, body.user.id));
      const v = read.value;
      const touch = await recordTouch(rt.db.pool, {
        workspaceId: workspace.id,
        accountId: row.accountId,
        memberId: member.id,
        occurredAt: rt.now(),
        ...touchFields(v),
        source: 'action',
        sourceKey: `nudge-done:${view.id}`,
      });
      const dedupeKey = dedupeKeys.view(view.id);
      await act(rt, workspace, { nudgeId, action: 'done', actorUserId: body.user.id, dedupeKey, detail: { conversationId: touch.conversationId, kind: v.kind } }, client);
      // the give is a touch too: it answers the account's other quiet or overdue nudges, which
      // an Undo of this Done puts back
      if (touch.created) await retireAnsweredByDone(rt, workspace.id, { nudgeId, accountId: row.accountId, conversationId: touch.conversationId, dedupeKey, answer: { resolution: 'touch', medium: v.medium } });
    } catch (err) {
      rt.log.warn({ nudgeId, err: (err as Error).message }, 'could not log the give');
    }
    // opened from App Home: the tab shows where the nudge (and those the give answered) now stand
    if (openedFromHome(view.private_metadata)) await republishHome(rt, client, workspace, body.user.id);
  };
}
