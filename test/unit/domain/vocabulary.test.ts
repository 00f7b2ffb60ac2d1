// The vocabulary's arrays against the Prisma enums generated from prisma/schema.prisma (the
// migrations' CREATE TYPEs): a kind added on one side only fails here, not in production.
import { describe, expect, it } from 'vitest';
import * as db from '../../../src/generated/prisma/enums.ts';
import * as v from '../../../src/domain/vocabulary.ts';

describe('vocabulary matches the database enums', () => {
  it.each<[string, readonly string[], Record<string, string>]>([
    ['WorkspaceStatus', v.WORKSPACE_STATUSES, db.WorkspaceStatus],
    ['DeliveryMode', v.DELIVERY_MODES, db.DeliveryMode],
    ['DeliveryGrouping', v.DELIVERY_GROUPINGS, db.DeliveryGrouping],
    ['MemberRole', v.MEMBER_ROLES, db.MemberRole],
    ['ManagerVia', v.MANAGER_VIAS, db.ManagerVia],
    ['AccountStatus', v.ACCOUNT_STATUSES, db.AccountStatus],
    ['Medium', v.MEDIUMS, db.Medium],
    ['TouchKind', v.TOUCH_KINDS, db.TouchKind],
    ['Sentiment', v.SENTIMENTS, db.Sentiment],
    ['TouchSource', v.TOUCH_SOURCES, db.TouchSource],
    ['TouchDirection', v.TOUCH_DIRECTIONS, db.TouchDirection],
    ['OfferKind', v.OFFER_KINDS, db.OfferKind],
    ['NudgeStatus', v.NUDGE_STATUSES, db.NudgeStatus],
    ['DeliveryState', v.DELIVERY_STATES, db.DeliveryState],
    ['NudgeOutcome', v.NUDGE_OUTCOMES, db.NudgeOutcome],
    ['NudgeResolution', v.NUDGE_RESOLUTIONS, db.NudgeResolution],
  ])('%s', (_name, ours, theirs) => {
    expect([...ours]).toEqual(Object.values(theirs));
  });

  it('NudgeKind: every kind but at_risk, which the enum reserves and nothing produces', () => {
    expect([...v.NUDGE_KINDS, 'at_risk']).toEqual(Object.values(db.NudgeKind));
  });

  it('labels every nudge kind, and nothing else', () => {
    expect(Object.keys(v.NUDGE_KIND_LABEL).sort()).toEqual([...v.NUDGE_KINDS].sort());
  });
});
