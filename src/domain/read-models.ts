// The plain shapes the data layer reads and the views render: a nudge's card, App Home, the
// /nudges list, the catalog, the digest, and the settings a modal edits.
// They live here, below both, so the data layer imports no view and the views import no data
// module (test/unit/layering.test.ts holds those directions).
import type { MetricsSnapshot } from './metrics.ts';
import type { DeliveryGrouping, DeliveryMode, LiveNudgeStatus, NudgeKind, NudgeResolution, OfferKind } from './vocabulary.ts';
import type { Weekday } from './working-days.ts';

export type NudgeCardState =
  | { status: 'open' }
  | { status: 'claimed'; by: string | null }
  | { status: 'done'; by: string | null }
  | { status: 'snoozed'; by: string | null; until: Date; reason?: string | null }
  | { status: 'dismissed'; by: string | null; reason?: string | null }
  | { status: 'won'; by: string | null; valueCents: number }
  /** `retired`: what answered it (a touch, a holding, a churn), with the facts its message quotes */
  | { status: 'resolved'; retired?: { resolution: NudgeResolution; detail: unknown } }
  /** an earlier message of a nudge whose snooze ran out: it was posted again as a new message */
  | { status: 'reposted'; at: Date };

export type NudgeCard = {
  id: number;
  kind: NudgeKind;
  accountName: string;
  ownerSlackUserId?: string | null;
  suggestion: string;
  /** The nudge's evidence JSON as stored; read defensively. */
  evidence: unknown;
  offerTitle?: string | null;
  productName?: string | null;
  valueAtStakeCents: number;
  state: NudgeCardState;
  /** set while the change that led to this state can be undone (domain/nudge-state.ts UNDO_WINDOW_MS) */
  undoUntil?: Date | null;
};

export type HomeAccount = {
  id: number; name: string; mrrCents: number; products: number; priority: number; liveNudges: number; lastTouchAt: Date | null;
  /** what the stall rule reads (domain/cadence.ts), for the account's rhythm words */
  touchCount: number; medianGapDays: number | null; createdAt: Date;
};

export type HomeNudge = { id: number; accountId: number; accountName: string; kind: NudgeKind; status: LiveNudgeStatus; suggestion: string; valueAtStakeCents: number; claimedByMe: boolean; /** what the scan recorded (rhythm words) */ evidence?: unknown };

export type HomeData = {
  /** timezone: their own, when Slack gave one (the words "today" and "yesterday" are read in it) */
  member: { id: number; name: string | null; timezone?: string | null } | null;
  accounts: HomeAccount[];
  /** all the member's active accounts (the list shows the first few) */
  accountCount: number;
  nudges: HomeNudge[];
  /** all the member's open and claimed nudges (the list shows the first few) */
  nudgeCount: number;
  /** logged and captured (issue 16) split `touches` when the member has captured touches */
  week: { touches: number; gives: number; asks: number; logged?: number; captured?: number; capturedMessages?: number };
};

export type MyNudge = {
  id: number;
  kind: NudgeKind;
  status: LiveNudgeStatus;
  accountName: string;
  suggestion: string;
  productName: string | null;
  valueAtStakeCents: number;
  channelId: string | null;
  messageTs: string | null;
};

export type CatalogListing = {
  id: number;
  name: string;
  listMrrCents: number;
  active: boolean;
  holders: number;
  offers: { kind: OfferKind; title: string }[];
};

export type AtStake = {
  accountId: number;
  name: string;
  valueAtStakeCents: number;
  /** the kinds of its live nudges */
  kinds: NudgeKind[];
  /** the suggestion of its most valuable nudge */
  suggestion: string;
  ownerSlackUserId: string | null;
  /** every live nudge of it is still waiting over a rep's daily budget */
  waiting: boolean;
  /** the evidence of its most valuable cooling/stalled nudge (its rhythm words), null without one */
  quietEvidence?: unknown;
};

export type DigestAtStake = AtStake;

/** Everything the managers' digest shows, for one workspace and local date. */

export type DigestData = {
  workspaceName: string | null;
  localDate: string;
  current: MetricsSnapshot;
  previous: MetricsSnapshot;
  top: DigestAtStake[];
  waitingNudges: number;
  /** mean products per customer, weekly, oldest first */
  trend: { mean: number | null }[];
};

export type SettingsPatch = {
  nudgeChannelId: string | null;
  deliveryMode: DeliveryMode;
  /** absent when a modal opened before the setting existed is saved: left as it was */
  deliveryGrouping?: DeliveryGrouping;
  digestUserIds: string[];
  digestChannelId: string | null;
  digestTime: string;
  timezone: string;
  stallFactor: number;
  stallMinDays: number;
  stallMaxDays: number;
  defaultRhythmDays: number;
  dailyNudgeBudget: number;
  /** ISO weekdays Tend speaks on (domain/working-days.ts); absent when a modal opened before the setting existed is saved: left as it was */
  workDays?: Weekday[];
};
