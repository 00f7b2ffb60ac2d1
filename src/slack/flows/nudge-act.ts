// What every nudge listener does after reading its request: apply the transition (deduped by
// the request's key) and, when something changed or the click was stale, re-render the
// message in place so everyone sees the current state and who acted.
import type { BlockAction, BlockButtonAction, Middleware, RespondFn, SlackActionMiddlewareArgs, SlackViewMiddlewareArgs, types } from '@slack/bolt';
import { loadCard } from '../../data/nudge-cards.ts';
import type { NudgeCard } from '../../domain/read-models.ts';
import type { WebClient } from '@slack/web-api';
import { ensureMember } from '../../data/members.ts';
import { listMyNudges } from '../../data/my-nudges.ts';
import { buildNudgeList, MAX_LISTED_NUDGES } from '../../views/nudge-list.ts';
import { publishHome } from './home.ts';
import type { Answer } from '../../domain/attention.ts';
import { dedupeKeys, snoozeUntil, TARGET, UNDO_WINDOW_MS, UNDOABLE, type NudgeAction } from '../../domain/nudge-state.ts';
import type { SnoozeOption } from '../../domain/vocabulary.ts';
import { workDaysOf } from '../../domain/working-days.ts';
import { wakeZoneOf } from '../../data/nudge-sweep.ts';
import { confirmManager, workspaceOf } from './caller.ts';
import { applyTransition, applyUndo, holderCheck, retireForDone, type Transition, type TransitionResult } from '../../data/nudge-actions.ts';
import type { RetiredNudge } from '../../data/nudge-retire.ts';
import { alreadyClaimedText, notClaimableText, nudgeIdFromMetadata, claimedNotYoursText, undoNotYoursText, undoTooLateText } from '../../views/nudge.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import { refreshNudgeMessage } from '../../delivery/refresh-nudge.ts';
import type { Runtime } from '../../runtime.ts';
import { rowIdOf } from '../../views/ids.ts';

// the redraw that takes Undo off a message runs this long after the window closes (a margin
// for clocks and queue latency; a click in between is refused and redraws at once)
const UNDO_EXPIRY_MARGIN_MS = 5_000;

/**
 * The message shows Undo until the window closes, and nothing else need redraw it by then: a
 * delayed redraw renders it without the button. Its id names the change, so a redelivered
 * request schedules it once.
 */
async function scheduleUndoExpiry(rt: Runtime, workspaceId: number, nudgeId: number, actedAt: Date): Promise<void> {
  await rt.queues
    .add('refresh', { workspaceId, nudgeId, stamp: `u${actedAt.getTime()}` }, { delay: UNDO_WINDOW_MS + UNDO_EXPIRY_MARGIN_MS })
    .catch((err: Error) => rt.log.warn({ workspaceId, nudgeId, err: err.message }, 'could not schedule the redraw that ends Undo'));
}

/** Redraws the messages of nudges a change moved besides the clicked one (queued, so the click is answered first). */
async function refreshOthers(rt: Runtime, workspaceId: number, nudges: readonly RetiredNudge[], stamp: string): Promise<void> {
  const posted = nudges.filter((n) => n.posted);
  if (posted.length > 0) await rt.queues.addMany('refresh', posted.map((n) => ({ workspaceId, nudgeId: n.id, stamp })));
}

/**
 * When a snooze picked now ends: the working morning of its day in the timezone the sweep will
 * wake it in (its assignee's, else the workspace's: data/nudge-sweep.ts), so a rep far from the
 * workspace's zone is not brought back after their working day and held until the next one.
 */
export async function snoozeEnd(rt: Runtime, workspace: WorkspaceRow, nudgeId: number, option: SnoozeOption): Promise<{ until: Date; timeZone: string }> {
  const timeZone = (await wakeZoneOf(rt.db.pool, workspace.id, nudgeId).catch(() => null)) ?? workspace.timezone;
  return { until: snoozeUntil(option, rt.now(), { timeZone, workDays: workDaysOf(workspace.workDays) }), timeZone };
}

type Act = Omit<Transition, 'workspaceId' | 'now' | 'managerConfirmed'>;

/**
 * Runs a change only its holder or a manager may make (`run`, given whether the actor is a
 * confirmed manager); refused as not theirs, it asks whether they manage Tend after all
 * (caller.ts confirmManager: a Slack admin the member row does not know yet, or knows only as of
 * a day ago) and, if so, runs it once more as a manager's. The refused run wrote nothing.
 * `deadline` (epoch ms): a form's answer is due then, so Slack is asked only while there is time
 * left for the second run (RETRY_MARGIN_MS) and the refusal stands otherwise.
 */
export async function orAsManager<R extends { result?: string; ok?: boolean }>(
  rt: Runtime, workspace: WorkspaceRow, actorUserId: string, client: WebClient, run: (managerConfirmed: boolean) => Promise<R>, deadline?: number,
): Promise<R> {
  const first = await run(false);
  const refused = first.result === 'not_yours' || first.ok === false;
  if (!refused) return first;
  const within = deadline === undefined ? undefined : deadline - Date.now() - RETRY_MARGIN_MS;
  return (await confirmManager(rt, workspace, actorUserId, client, within)) ? run(true) : first;
}

/** What orAsManager keeps of a form's time for the change itself after Slack answered. */
const RETRY_MARGIN_MS = 300;

/** The change itself (and the redraw that will end its Undo), without the redraw of its message: null when it failed. */
export async function applyAct(rt: Runtime, workspace: WorkspaceRow, t: Act, client: WebClient, deadline?: number): Promise<TransitionResult | null> {
  try {
    const now = rt.now();
    const res = await orAsManager(rt, workspace, t.actorUserId, client, (managerConfirmed) =>
      applyTransition(rt.db.pool, { ...t, workspaceId: workspace.id, now, managerConfirmed }), deadline);
    // first, so the Undo the redraw shows is sure to be taken off again
    if (res.result === 'changed' && UNDOABLE.includes(TARGET[t.action])) await scheduleUndoExpiry(rt, workspace.id, t.nudgeId, now);
    return res;
  } catch (err) {
    rt.log.warn({ workspaceId: workspace.id, nudgeId: t.nudgeId, action: t.action, err: (err as Error).message }, 'nudge action failed');
    return null;
  }
}

/** Redraws the nudge's message after a change, or after a stale click (so it shows the current state). */
export async function showAct(rt: Runtime, workspace: WorkspaceRow, nudgeId: number, res: TransitionResult): Promise<void> {
  // a duplicate delivery changed nothing and the first one already updated the message
  if (res.result !== 'changed' && !(res.result === 'stale' && res.status !== null)) return;
  await refreshNudgeMessage(rt, workspace.id, nudgeId).catch((err: Error) =>
    rt.log.warn({ workspaceId: workspace.id, nudgeId, err: err.message }, 'could not redraw the nudge after a change'));
}

export async function act(rt: Runtime, workspace: WorkspaceRow, t: Act, client: WebClient): Promise<TransitionResult | null> {
  const res = await applyAct(rt, workspace, t, client);
  if (res) await showAct(rt, workspace, t.nudgeId, res);
  return res;
}

/**
 * After a Done form's give was logged: it answers the account's other quiet or overdue nudges
 * (flows/answered.ts does the same for /log), retired here with what they were, so an Undo of
 * this Done puts them back; their messages are edited. Logged, never thrown: the give is saved.
 */
export async function retireAnsweredByDone(rt: Runtime, workspaceId: number, d: { nudgeId: number; accountId: number; conversationId: number; dedupeKey: string; answer: Answer }): Promise<number[]> {
  try {
    const now = rt.now();
    const retired = await retireForDone(rt.db.pool, { workspaceId, ...d, now });
    await refreshOthers(rt, workspaceId, retired, `r${now.getTime()}`);
    return retired.map((r) => r.id);
  } catch (err) {
    rt.log.warn({ workspaceId, accountId: d.accountId, err: (err as Error).message }, 'could not retire the nudges a Done answered');
    return [];
  }
}

/**
 * A click on a nudge this workspace does not have (deleted, or an id from elsewhere): say so
 * to the clicker alone instead of staying silent. Views (App Home) have no response_url; the
 * click is then just ignored.
 */
export async function answerUnknownNudge(rt: Runtime, respond: RespondFn | undefined): Promise<void> {
  if (!respond) return;
  await respond({
    response_type: 'ephemeral',
    replace_original: false,
    text: ":information_source: That nudge isn't in this workspace any more, so nothing changed.",
  }).catch((err: Error) => rt.log.debug({ err: err.message }, 'could not answer a click on an unknown nudge'));
}

/** A line to the clicker alone, under the message they clicked (nothing to answer on App Home). */
export async function answerPrivately(rt: Runtime, respond: RespondFn | undefined, message: { text: string; blocks?: unknown[] }): Promise<void> {
  if (!respond) return;
  await respond({ response_type: 'ephemeral', replace_original: false, ...message } as Parameters<RespondFn>[0]).catch((err: Error) =>
    rt.log.debug({ err: err.message }, 'could not answer the clicker privately'),
  );
}

/** Why a Claim changed nothing: someone holds it (who, since when: dated in the workspace's zone), or it is no longer open. */
async function answerStaleClaim(rt: Runtime, workspace: WorkspaceRow, respond: RespondFn | undefined, res: Extract<TransitionResult, { result: 'stale' }>, clicker: string): Promise<void> {
  if (res.status === null || res.status === 'open') return;
  const text = res.status === 'claimed'
    ? alreadyClaimedText({ by: res.claimedBy ?? null, at: res.claimedAt ?? null, clicker, now: rt.now(), timeZone: workspace.timezone })
    : notClaimableText(res.status);
  await answerPrivately(rt, respond, { text });
}

/** A nudge id from a button value (views/ids.ts rowIdOf): null when no nudge can have it, answered as one since deleted. */
export function nudgeIdOf(value: string | undefined): number | null {
  return rowIdOf(value);
}

/**
 * The channel message is re-rendered by act(); a click from the clicker's own surfaces
 * (the App Home tab, or the ephemeral /nudges list) must show its effect there too.
 */
export async function refreshClickSurface(
  rt: Runtime,
  workspace: WorkspaceRow,
  a: { body: BlockAction; client: WebClient; respond: RespondFn },
): Promise<void> {
  const userId = a.body.user.id;
  try {
    if (a.body.view?.type === 'home') {
      await publishHome(rt, a.client, workspace, userId);
    } else if ((a.body.container as { is_ephemeral?: boolean } | undefined)?.is_ephemeral) {
      const member = await ensureMember(rt.db.pool, workspace.id, userId);
      const { nudges, total } = await listMyNudges(rt.db.pool, workspace.id, member.id, MAX_LISTED_NUDGES);
      await a.respond({ replace_original: true, response_type: 'ephemeral', ...buildNudgeList(nudges, total) });
    }
  } catch (err) {
    rt.log.debug({ err: (err as Error).message }, 'could not refresh the surface of a nudge click');
  }
}

type ButtonHandler = Middleware<SlackActionMiddlewareArgs<BlockButtonAction>>;

/**
 * A button that applies one action to the nudge named by its value (claim, release). A Release
 * that isn't the clicker's to make (domain/nudge-state.ts mayActFor) changes nothing and is
 * answered privately with who holds the nudge; from App Home (no response_url) the re-published
 * tab shows it is no longer theirs.
 */
export function nudgeButton(rt: Runtime, nudgeAction: Extract<NudgeAction, 'claim' | 'release'>): ButtonHandler {
  return async ({ ack, action, body, context, respond, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdOf(action.value);
    if (!workspace) return;
    if (nudgeId === null) return answerUnknownNudge(rt, respond);
    const res = await act(rt, workspace, { nudgeId, action: nudgeAction, actorUserId: body.user.id, dedupeKey: dedupeKeys.click(nudgeId, action.action_ts, body.user.id) }, client);
    if (res?.result === 'stale' && res.status === null) await answerUnknownNudge(rt, respond);
    else if (res) await refreshClickSurface(rt, workspace, { body, client, respond });
    if (res?.result === 'stale' && nudgeAction === 'claim') await answerStaleClaim(rt, workspace, respond, res, body.user.id);
    if (res?.result === 'not_yours') await answerPrivately(rt, respond, { text: claimedNotYoursText('release', res.by) });
  };
}

/**
 * A nudge modal opened from App Home says so in its metadata (beside the nudge id), so its
 * submission re-publishes the tab: Slack does not redraw it, and it would still list the nudge.
 */
function fromHome(view: types.ModalView): types.ModalView {
  const meta = JSON.parse(view.private_metadata || '{}') as Record<string, unknown>;
  return { ...view, private_metadata: JSON.stringify({ ...meta, origin: 'home' }) };
}

/** Whether a nudge modal's metadata (as submitted, so untrusted) says it was opened from App Home. */
export function openedFromHome(raw: string | undefined): boolean {
  try {
    const v: unknown = JSON.parse(raw ?? '');
    return typeof v === 'object' && v !== null && (v as { origin?: unknown }).origin === 'home';
  } catch {
    return false;
  }
}

/**
 * A button that opens a modal about the nudge named by its value (done, dismiss). With
 * `holderAction`, a nudge someone else claimed is not the clicker's to act on (unless they manage
 * the team: domain/nudge-state.ts needsHolder, read by data/nudge-actions.ts holderCheck): they
 * are told whose it is instead of being handed a form that would be refused. The submission
 * checks again, on the locked row.
 */
export function nudgeModalButton(rt: Runtime, modal: (nudgeId: number, card: NudgeCard) => types.ModalView, holderAction?: 'dismiss'): ButtonHandler {
  return async ({ ack, action, body, context, client, respond }) => {
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdOf(action.value);
    if (!workspace) return;
    if (nudgeId === null) return answerUnknownNudge(rt, respond);
    try {
      const row = await loadCard(rt.db.pool, workspace.id, nudgeId);
      if (!row) {
        await answerUnknownNudge(rt, respond);
        return;
      }
      const check = holderAction && row.card.state.status === 'claimed'
        ? await orAsManager(rt, workspace, body.user.id, client, (managerConfirmed) =>
          holderCheck(rt.db.pool, workspace.id, nudgeId, holderAction, body.user.id, rt.now(), { managerConfirmed }))
        : { ok: true as const };
      if (!check.ok && holderAction) {
        await answerPrivately(rt, respond, { text: claimedNotYoursText(holderAction, check.by) });
        // from App Home (no response_url), the re-published tab shows where the nudge stands
        await refreshClickSurface(rt, workspace, { body, client, respond });
        return;
      }
      const view = modal(nudgeId, row.card);
      await client.views.open({ trigger_id: body.trigger_id, view: body.view?.type === 'home' ? fromHome(view) : view });
    } catch (err) {
      rt.log.warn({ nudgeId, actionId: action.action_id, err: (err as Error).message }, 'could not open the nudge modal');
    }
  };
}

/**
 * Undo: puts back the state a Done, Snooze or Dismiss replaced while its window is open and
 * edits the message back (and those of the nudges a Done had retired); after the window it
 * answers the clicker that it is too late and re-renders, so the button goes. Someone other
 * than who acted (and no manager) is told privately whose change it is. A redelivered click is
 * a duplicate and changes nothing.
 */
export function nudgeUndoButton(rt: Runtime): ButtonHandler {
  return async ({ ack, action, body, context, respond, client }) => {
    await ack();
    const workspace = workspaceOf(context);
    const nudgeId = nudgeIdOf(action.value);
    if (!workspace) return;
    if (nudgeId === null) return answerUnknownNudge(rt, respond);
    try {
      const now = rt.now();
      const res = await orAsManager(rt, workspace, body.user.id, client, (managerConfirmed) => applyUndo(rt.db.pool, {
        workspaceId: workspace.id, nudgeId, actorUserId: body.user.id, dedupeKey: dedupeKeys.click(nudgeId, action.action_ts, body.user.id), now, managerConfirmed,
      }));
      if (res.result === 'duplicate') return;
      if (res.result === 'stale' && res.status === null) return answerUnknownNudge(rt, respond);
      if (res.result === 'not_yours') return answerPrivately(rt, respond, { text: undoNotYoursText(res.by) });
      await refreshNudgeMessage(rt, workspace.id, nudgeId);
      if (res.result === 'undone') await refreshOthers(rt, workspace.id, res.restored, `b${rt.now().getTime()}`);
      if (res.result === 'too_late') await answerPrivately(rt, respond, { text: undoTooLateText() });
      else await refreshClickSurface(rt, workspace, { body, client, respond });
    } catch (err) {
      rt.log.warn({ workspaceId: workspace.id, nudgeId, err: (err as Error).message }, 'nudge undo failed');
    }
  };
}

type ModalRead = { ok: true; reason: string } | { ok: false; errors: Record<string, string> };

export type NudgeReasonRead = { ok: true; workspace: WorkspaceRow; nudgeId: number; reason: string } | { ok: false; errors: Record<string, string> } | null;

/**
 * A nudge's reason modal as submitted, not yet answered: field errors (the caller keeps it open
 * with them), or the workspace, the nudge (from the view's metadata) and the reason — or null
 * when either is gone, and there is nothing left to do.
 */
export function readNudgeReason(
  { view, context }: Pick<SlackViewMiddlewareArgs, 'view'> & { context: Record<string, unknown> },
  read: (values: unknown) => ModalRead,
): NudgeReasonRead {
  const r = read(view.state.values);
  if (!r.ok) return r;
  const workspace = workspaceOf(context);
  const nudgeId = nudgeIdFromMetadata(view.private_metadata);
  return workspace && nudgeId !== null ? { ok: true, workspace, nudgeId, reason: r.reason } : null;
}
