// The daily manager digest for one workspace and local date. Exactly once per day:
// - the job id `digest:<workspace>:<date>` folds the scheduler's repeated ticks (every
//   minute from the due time, on every replica) into one job while it is in Redis;
// - the digest_run row (unique per workspace and date) is the real guard: whoever inserts
//   it sends, anyone later sees it and stops, even if Redis forgot the job;
// - the job's progress records which recipients already have it, so a retry after a
//   partial failure does not send it twice to the ones that got it.
import { UnrecoverableError } from 'bullmq';
import { productsTrendPng } from '../src/charts/bar-chart.ts';
import { churnCurvePng } from '../src/charts/churn-chart.ts';
import { claimDigestRun, loadDigest, loadDigestSettings, markDigestSent, releaseDigestRun } from '../src/data/digest.ts';
import { digestRecipients, isForToday, recipientKey } from '../src/domain/digest.ts';
import { activeBlock, liftBlock, recordBlockAndClaimNotice, releaseNotice } from '../src/data/nudge-delivery.ts';
import { SHARED_OUT_BLOCK } from '../src/domain/vocabulary.ts';
import { notifyManagers } from '../src/delivery/managers.ts';
import { PermanentDeliveryError } from '../src/delivery/port.ts';
import type { Logger } from '../src/log.ts';
import type { Payload } from '../src/queue/definitions.ts';
import type { JobContext } from '../src/queue/workers.ts';
import type { Runtime } from '../src/runtime.ts';
import { buildDigest } from '../src/views/digest.ts';
import { buildDeliveryBlockedMessage } from '../src/views/nudge.ts';

/** Longer than a send takes (a few Slack calls per manager); a claim older than this was abandoned by a crash. */
export const DIGEST_LEASE_MS = 2 * 60_000;

export type DigestOutcome =
  | { status: 'sent'; recipients: number }
  | { status: 'already-sent' | 'stale' | 'no-workspace' | 'inactive' | 'no-recipients' };

/** Another runner holds a fresh claim on this digest: retry later (the queue's backoff). */
export class DigestBusyError extends Error {
  constructor(workspaceId: number, localDate: string) {
    super(`digest ${workspaceId}/${localDate} is being sent by another runner`);
  }
}

export type DigestProgress = {
  /** recipient keys (plus ":chart") already delivered by an earlier attempt */
  done: readonly string[];
  save(done: string[]): Promise<void>;
  log: Logger;
};

export async function runDigest(rt: Runtime, p: Payload<'digest'>, progress: DigestProgress): Promise<DigestOutcome> {
  const db = rt.db.pool;
  const settings = await loadDigestSettings(db, p.workspaceId);
  if (!settings) return { status: 'no-workspace' };
  if (settings.status !== 'active') return { status: 'inactive' };
  const now = rt.now();
  if (!isForToday(p.localDate, now, settings.timezone)) {
    progress.log.info({ localDate: p.localDate }, 'digest day is over; not sending it late');
    return { status: 'stale' };
  }
  const claim = await claimDigestRun(db, p.workspaceId, p.localDate, settings.timezone, now, DIGEST_LEASE_MS);
  if (claim === 'sent') return { status: 'already-sent' };
  if (claim === 'busy') throw new DigestBusyError(p.workspaceId, p.localDate);
  try {
    const recipients = digestRecipients(settings);
    if (recipients.length === 0) {
      progress.log.warn('no digest recipients: set a digest channel or users, or give someone the manager role');
      await markDigestSent(db, p.workspaceId, p.localDate, rt.now());
      return { status: 'no-recipients' };
    }
    const data = await loadDigest(db, p.workspaceId, now);
    if (!data) return { status: 'no-workspace' };
    const msg = buildDigest(data);
    const chart = rt.delivery.uploadFile && data.trend.some((t) => t.mean !== null) ? await productsTrendPng(data.trend) : null;
    // the churn curve with its counts, once the book has customers a year back to count
    const curve = rt.delivery.uploadFile && data.current.curve.atRisk > 0 ? await churnCurvePng(data.current.curve) : null;
    const done = new Set(progress.done);
    const step = async (key: string, fn: () => Promise<unknown>) => {
      if (done.has(key)) return;
      await fn();
      done.add(key);
      await progress.save([...done]);
    };
    // a digest channel Slack refuses for good hands the day's digest to the DMs it would have
    // had without a channel, and the managers are told once (as a refused nudge channel is)
    const queue = [...recipients];
    let reached = 0;
    const fallBack = () => {
      for (const dm of digestRecipients({ ...settings, digestChannelId: null })) if (!queue.some((q) => recipientKey(q) === recipientKey(dm))) queue.push(dm);
    };
    for (let i = 0; i < queue.length; i++) {
      const r = queue[i]!;
      const key = recipientKey(r);
      // refused by an earlier attempt of this job: its DMs stand in again (those already sent are in `done`)
      if (done.has(`${key}:refused`)) {
        if (r.kind === 'channel') fallBack();
        continue;
      }
      // a channel Tend holds (shared with another organisation): Slack would take the post, so it is not asked
      if (r.kind === 'channel' && (await activeBlock(db, p.workspaceId, r.channel))?.error === SHARED_OUT_BLOCK) {
        progress.log.info({ recipient: key }, 'the digest channel is held (shared with another organisation); the digest goes by DM');
        fallBack();
        continue;
      }
      try {
        const channel = r.kind === 'channel' ? r.channel : await rt.delivery.openDm(p.workspaceId, r.userId);
        await step(key, () => rt.delivery.post(p.workspaceId, { channel, ...msg }));
        if (chart) {
          await step(`${key}:chart`, () =>
            rt.delivery.uploadFile!(p.workspaceId, {
              channel,
              filename: `tend-products-per-customer-${p.localDate}.png`,
              title: 'Products per customer, last 8 weeks (target 2+)',
              altText: 'Bar chart of mean products per customer by week',
              bytes: chart,
            }),
          );
        }
        if (curve) {
          await step(`${key}:curve`, () =>
            rt.delivery.uploadFile!(p.workspaceId, {
              channel,
              filename: `tend-churn-by-products-${p.localDate}.png`,
              title: 'Churn by products held, last 12 months',
              altText: 'Bar chart of the share of customers who left within the year, by products held a year ago, with counts',
              bytes: curve,
            }),
          );
        }
        reached++;
        // Slack takes the channel again (a refusal recorded for it, by the digest or a nudge, lifts)
        if (r.kind === 'channel') await liftBlock(db, p.workspaceId, r.channel, rt.now());
      } catch (err) {
        // one manager's closed DM or a channel we were removed from must not stop the others
        if (err instanceof PermanentDeliveryError && err.scope === 'channel') {
          progress.log.warn({ recipient: key, code: err.code }, 'digest recipient unreachable; skipped');
          done.add(`${key}:refused`);
          await progress.save([...done]);
          if (r.kind === 'channel') {
            await channelRefused(rt, p.workspaceId, r.channel, err.code, progress.log);
            fallBack();
          }
          continue;
        }
        throw err;
      }
    }
    // the day is done even when nobody could be reached: the ticks must not retry it every minute
    await markDigestSent(db, p.workspaceId, p.localDate, rt.now());
    return { status: 'sent', recipients: reached };
  } catch (err) {
    await releaseDigestRun(db, p.workspaceId, p.localDate).catch(() => {});
    if (err instanceof PermanentDeliveryError) throw new UnrecoverableError(err.message);
    throw err;
  }
}

/** Records Slack's refusal of the digest channel and tells the managers, once per refusal. */
async function channelRefused(rt: Runtime, workspaceId: number, channel: string, code: string, log: Logger): Promise<void> {
  const db = rt.db.pool;
  rt.metrics.slackErrors.inc({ method: 'chat.postMessage', code });
  if (!(await recordBlockAndClaimNotice(db, workspaceId, channel, code, rt.now()))) return;
  const sent = await notifyManagers(rt, workspaceId, buildDeliveryBlockedMessage(channel, code, 'digest channel'));
  if (sent === 0) await releaseNotice(db, workspaceId, channel);
  log.warn({ channel, code, told: sent }, 'Slack refused the digest channel; the managers were told');
}

export function createDigestProcessor(rt: Runtime) {
  return async (p: Payload<'digest'>, ctx: JobContext): Promise<DigestOutcome> => {
    const prior = (ctx.job.progress as { done?: unknown } | undefined)?.done;
    return runDigest(rt, p, {
      done: Array.isArray(prior) ? prior.map(String) : [],
      save: (done) => ctx.job.updateProgress({ done }),
      log: ctx.log,
    });
  };
}
