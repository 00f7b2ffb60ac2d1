// Posts one nudge to Slack, never twice: record the intent (posting), post with a metadata
// key, record the ts. A retry that finds the nudge still `posting` (the worker died around the
// Slack call, or the call ended without an answer) cannot know whether Slack posted it, and
// chat.postMessage has no idempotency key. With TEND_RECONCILE_WITH_HISTORY it looks for the
// earlier post by its key (exactly once; needs the *:history scopes); without, it gives the
// post up as `unconfirmed` (at most once: the nudge stays open and on /nudges).
// Slack's answers decide what happens next: 429 → this job delayed to the Retry-After and the
// pacing of its channel and workspace pushed back (other workspaces keep posting); refused for good → the target is blocked, managers told
// once, no retries; anything else → the queue's backoff.
// A nudge released in a grouped message (grouped delivery) is posted as part of it: the group
// has one job of its own (id deliver:group:<id>) that posts it with the same procedure,
// postOnce, on the nudge_group row; a nudge's job that finds its group unposted does the same.
import { DelayedError, UnrecoverableError } from 'bullmq';
import { deliveryKey } from '../src/domain/nudge-state.ts';
import type { DeliveryMode, DeliveryState, SlackMessage } from '../src/domain/vocabulary.ts';
import { loadCard } from '../src/data/nudge-cards.ts';
import {
  activeBlock, claimPosting, loadDelivery, loadGroup, markFailed, markPosted, recordBlockAndClaimNotice, releaseNotice, releasePosting,
  type PostKind,
} from '../src/data/nudge-delivery.ts';
import { notifyManagers } from '../src/delivery/managers.ts';
import { groupMessage, retireSnoozedPost } from '../src/delivery/refresh-nudge.ts';
import { PermanentDeliveryError, RateLimitedError, TransientDeliveryError } from '../src/delivery/port.ts';
import { NUDGE_EVENT_TYPE, type PostMetadata } from '../src/delivery/slack.ts';
import type { Payload } from '../src/queue/definitions.ts';
import { createPacer, type Pacer, type RedisEval } from '../src/queue/pacing.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { buildDeliveryBlockedMessage, buildNudgeMessage } from '../src/views/nudge.ts';

export type DeliverOutcome = 'posted' | 'reconciled' | 'unconfirmed' | 'already' | 'not_deliverable' | 'blocked' | 'no_channel';

/** The delivery_error of a post given up because Slack may already have it. */
export const UNCONFIRMED = 'unconfirmed';

async function pacerFor(rt: Runtime, ctx: JobContext): Promise<Pacer> {
  return createPacer((await ctx.worker.client) as unknown as RedisEval, rt.config.queuePrefix);
}

export async function deliver(rt: Runtime, p: Payload<'deliver'>, ctx: JobContext): Promise<DeliverOutcome> {
  const { workspaceId, nudgeId } = p;
  const db = rt.db.pool;
  if (p.groupId !== undefined) return deliverGroup(rt, p, p.groupId, ctx);
  const row = await loadDelivery(db, workspaceId, nudgeId);
  if (!row || row.deliveryState === 'posted' || row.deliveryState === 'failed') return 'already';
  // by state, not by generation: a nudge waits on its group only until the group is posted;
  // after that (woken from a snooze, or queued again by a scan) it is posted on its own
  if (row.groupId !== null && row.groupState !== 'posted') return deliverGroup(rt, p, row.groupId, ctx);
  if (row.status !== 'open' && row.status !== 'claimed') return 'not_deliverable';
  const afterPosted = async (ts: string) => {
    // a woken nudge's new message replaces the one it was snoozed from
    if (row.generation > 0) await retireSnoozedPost(rt, workspaceId, nudgeId, ts);
    // retired while on the wire (its account changed owner, a touch answered it): what was
    // posted shows buttons nobody should press, and the retiring write saw no message to
    // edit; edit it now to say why
    const after = await loadDelivery(db, workspaceId, nudgeId);
    if (after && after.status !== 'open' && after.status !== 'claimed') {
      await rt.queues.add('refresh', { workspaceId, nudgeId, stamp: `posted${Date.now()}` });
    }
  };
  return postOnce(rt, p, ctx, {
    kind: 'nudge', id: nudgeId, logIds: { nudgeId }, row, recipient: row.ownerSlackUserId,
    key: deliveryKey(workspaceId, nudgeId, row.generation),
    build: async () => {
      const card = await loadCard(db, workspaceId, nudgeId);
      // retired between the claim and now: nothing to post
      const live = card && (card.card.state.status === 'open' || card.card.state.status === 'claimed');
      return live ? buildNudgeMessage(card.card) : null;
    },
    afterPosted,
  });
}

/** The metadata key of a grouped message: what reconciliation looks for. */
export const groupDeliveryKey = (workspaceId: number, groupId: number) => `tend:${workspaceId}:group:${groupId}`;

/** Posts a grouped message once: the same steps and guarantees as one nudge, on the nudge_group row. */
async function deliverGroup(rt: Runtime, p: Payload<'deliver'>, groupId: number, ctx: JobContext): Promise<DeliverOutcome> {
  const { workspaceId } = p;
  const g = await loadGroup(rt.db.pool, workspaceId, groupId);
  if (!g || g.deliveryState === 'posted' || g.deliveryState === 'failed') return 'already';
  return postOnce(rt, p, ctx, {
    kind: 'group', id: groupId, logIds: { groupId }, row: g, recipient: g.repSlackUserId,
    key: groupDeliveryKey(workspaceId, groupId),
    // a first post: no section has moved to a message of its own yet
    build: () => groupMessage(rt, workspaceId, groupId, { ...g, messageTs: null }),
  });
}

/** What a post of one nudge and of a grouped message differ in; postOnce does the rest. */
type PostSpec = {
  /** the row that carries the intent → posted machine */
  kind: PostKind;
  id: number;
  /** names the row in log lines: { nudgeId } or { groupId } */
  logIds: Record<string, number>;
  row: { deliveryState: DeliveryState; channelId: string | null; deliveryMode: DeliveryMode; nudgeChannelId: string | null };
  /** whom an owner_dm workspace DMs (null: the nudge channel) */
  recipient: string | null;
  /** the metadata key reconciliation looks for */
  key: string;
  /** the message; null when there is nothing left to post */
  build: () => Promise<SlackMessage | null>;
  /** runs once the message is known to be in Slack (posted now, or found by reconciliation) */
  afterPosted?: (ts: string) => Promise<void>;
};

/** The exactly-once posting procedure: target → blocked? → pacer → claim → reconcile or give up → post → record. */
async function postOnce(rt: Runtime, p: Payload<'deliver'>, ctx: JobContext, s: PostSpec): Promise<DeliverOutcome> {
  const { workspaceId } = p;
  const db = rt.db.pool;
  const { kind, id, logIds } = s;
  const fail = (error: string) => markFailed(db, kind, workspaceId, id, error, rt.now());
  // A retry reconciles where it first tried; otherwise the owner's DM or the nudge channel.
  const dmUser = s.row.deliveryMode === 'owner_dm' ? s.recipient : null;
  const target = s.row.deliveryState === 'posting' && s.row.channelId ? s.row.channelId : (dmUser ?? s.row.nudgeChannelId);
  if (!target) {
    await fail('no_nudge_channel');
    ctx.log.warn(logIds, 'no nudge channel set; nudge not posted');
    return 'no_channel';
  }
  const block = await activeBlock(db, workspaceId, target);
  if (block) {
    // Slack refused this target before: stop without calling it again.
    await fail(`blocked:${block.error}`);
    return 'blocked';
  }

  let phase: 'open' | 'reconcile' | 'post' = 'open';
  let channel = target;
  const pacer = await pacerFor(rt, ctx);
  try {
    if (target === dmUser) channel = await rt.delivery.openDm(workspaceId, dmUser);
    const wait = await pacer.acquire({ workspaceId, channel }, String(ctx.job.id));
    if (wait > 0) {
      // The channel's next slot is ahead: come back then, holding it.
      await ctx.job.moveToDelayed(Date.now() + wait, ctx.token);
      throw new DelayedError();
    }
    const claim = await claimPosting(db, kind, workspaceId, id, channel, rt.now());
    if (!claim) return 'already';
    channel = claim.channel;
    if (claim.prior === 'posting' && !(rt.config.reconcileWithHistory && rt.delivery.findPosted)) {
      await fail(UNCONFIRMED);
      ctx.log.warn({ ...logIds, channel }, 'an earlier post may have reached Slack; not posting again (TEND_RECONCILE_WITH_HISTORY=true would look)');
      return 'unconfirmed';
    }
    if (claim.prior === 'posting' && rt.delivery.findPosted) {
      phase = 'reconcile';
      const earlier = await rt.delivery.findPosted(workspaceId, channel, s.key);
      if (earlier) {
        await markPosted(db, kind, workspaceId, id, earlier.channel, earlier.ts, rt.now());
        ctx.log.info({ ...logIds, ts: earlier.ts }, 'found the earlier post; not posting again');
        await s.afterPosted?.(earlier.ts);
        return 'reconciled';
      }
    }
    const built = await s.build();
    if (!built) {
      // claimed but nothing to post: say so on the row rather than leave it `posting`
      await fail('not_deliverable');
      return 'not_deliverable';
    }
    const metadata: PostMetadata = { event_type: NUDGE_EVENT_TYPE, event_payload: { key: s.key } };
    phase = 'post';
    const posted = await rt.delivery.post(workspaceId, { channel, ...built, metadata });
    await markPosted(db, kind, workspaceId, id, posted.channel, posted.ts, rt.now());
    await s.afterPosted?.(posted.ts);
    return 'posted';
  } catch (err) {
    if (err instanceof DelayedError) throw err;
    if (err instanceof RateLimitedError) {
      // A 429 on the post means nothing was posted: no reconciliation needed next time.
      if (phase === 'post') await releasePosting(db, kind, workspaceId, id, rt.now());
      await pacer.pushBack({ workspaceId, channel }, err.retryAfterMs);
      rt.metrics.slackErrors.inc({ method: phase === 'reconcile' ? 'conversations.history' : 'chat.postMessage', code: 'ratelimited' });
      // Not worker.rateLimit(): that pauses the whole queue, every tenant's deliveries with it.
      // Delayed, the job keeps its attempts; the pacer holds back the rest of this workspace.
      await ctx.job.moveToDelayed(Date.now() + err.retryAfterMs, ctx.token);
      throw new DelayedError();
    }
    if (err instanceof PermanentDeliveryError && phase === 'reconcile') {
      // conversations.history refused (missing_scope: the app lacks the history scopes): that
      // says nothing about posting, so nothing is blocked; the post is given up as unconfirmed
      await fail(`${UNCONFIRMED}:${err.code}`);
      rt.metrics.slackErrors.inc({ method: 'conversations.history', code: err.code });
      ctx.log.error({ ...logIds, code: err.code }, 'cannot look for the earlier post: add channels:history, groups:history, im:history to the app or unset TEND_RECONCILE_WITH_HISTORY');
      throw new UnrecoverableError(`conversations.history refused: ${err.code}`);
    }
    if (err instanceof PermanentDeliveryError) {
      await fail(err.code);
      // the message itself refused (its blocks, its length): sending it again cannot help, but the
      // channel is fine, so nothing is blocked and no manager is told; it is our defect to log
      if (err.scope === 'message') {
        rt.metrics.slackErrors.inc({ method: 'chat.postMessage', code: err.code });
        ctx.log.error({ ...logIds, channel, code: err.code }, 'Slack refused the nudge message itself; not retrying');
      } else await refused(rt, ctx, p, err, err.scope === 'workspace' ? '*' : target);
      throw new UnrecoverableError(`Slack refused ${err.scope === 'message' ? 'the message' : target}: ${err.code}`);
    }
    // Slack surely did not post: the retry posts without looking for an earlier one
    if (phase === 'post' && err instanceof TransientDeliveryError && !err.maybeDelivered) await releasePosting(db, kind, workspaceId, id, rt.now());
    // Out of retries: say so on the row rather than leave it `posting` for ever.
    if (ctx.job.attemptsMade + 1 >= (ctx.job.opts.attempts ?? 1)) await fail(`gave_up:${(err as Error).message}`);
    throw err;
  }
}

/** Blocks the target Slack refused for good, and tells the managers the first time. */
async function refused(rt: Runtime, ctx: JobContext, p: Payload<'deliver'>, err: PermanentDeliveryError, target: string): Promise<void> {
  const db = rt.db.pool;
  rt.metrics.slackErrors.inc({ method: 'chat.postMessage', code: err.code });
  const first = await recordBlockAndClaimNotice(db, p.workspaceId, target, err.code, rt.now());
  ctx.log.warn({ target, code: err.code, notify: first }, 'Slack refused a delivery target');
  if (!first) return;
  // With the token itself refused no DM can get through; the log line is all there is.
  if (target === '*') return;
  const sent = await notifyManagers(rt, p.workspaceId, buildDeliveryBlockedMessage(target, err.code));
  if (sent === 0) await releaseNotice(db, p.workspaceId, target);
}
