// Who gets the digest and whether a digest job still has a day to send for. Pure.
import { localTime } from './clock.ts';

/** Accounts the digest names by value at stake: a scan writes their waiting nudges as rows (data/account-scan.ts lineTargets). */
export const DIGEST_TOP_ACCOUNTS = 5;

export type Recipient = { kind: 'channel'; channel: string } | { kind: 'dm'; userId: string };

/**
 * The managers' channel when one is set (one post the whole team of managers sees);
 * otherwise a DM to each configured digest user; with neither configured, a DM to each
 * member with the manager role, so a fresh install still reaches somebody.
 */
export function digestRecipients(s: { digestChannelId: string | null; digestUserIds: string[]; managerUserIds: string[] }): Recipient[] {
  if (s.digestChannelId) return [{ kind: 'channel', channel: s.digestChannelId }];
  const users = s.digestUserIds.length > 0 ? s.digestUserIds : s.managerUserIds;
  return [...new Set(users)].map((userId) => ({ kind: 'dm', userId }));
}

/** Stable key of a recipient, for the job's checkpoint of who already has today's digest. */
export function recipientKey(r: Recipient): string {
  return r.kind === 'channel' ? `channel:${r.channel}` : `dm:${r.userId}`;
}

/**
 * A digest job is for one local date; once that date is over in the workspace's timezone
 * (a queue backlog, an outage past midnight), sending it would deliver yesterday's digest
 * tomorrow, so it is dropped. The new day's tick enqueues the new day's digest.
 */
export function isForToday(localDate: string, now: Date, timeZone: string): boolean {
  return localTime(now, timeZone).date === localDate;
}
