// Factories that insert real rows for nudge tests: a workspace with its settings, members,
// an account, a product, and nudges in any state. Raw SQL on the test schema, like the scan.
import { EVERY_DAY } from './working-zone.ts';
import type pg from 'pg';
import type { DeliveryState, NudgeKind, NudgeStatus } from '../../src/domain/vocabulary.ts';

let seq = 0;
const iso = (d: Date) => d.toISOString();

export type SeededWorkspace = { workspaceId: number; ownerMemberId: number; ownerSlackId: string };

export async function seedWorkspace(
  pool: pg.Pool,
  o: {
    teamId?: string; channel?: string | null; deliveryMode?: 'channel' | 'owner_dm'; managers?: string[]; escalateAfterHours?: number; owner?: string;
    /** the workspace's timezone (UTC unless given; see working-zone.ts for one past its reps' 09:00) */
    timezone?: string;
    /** ISO weekdays Tend speaks on: every day unless given (working-zone.ts EVERY_DAY) */
    workDays?: number[];
  } = {},
): Promise<SeededWorkspace> {
  const { rows } = await pool.query(
    `insert into workspace (slack_team_id, nudge_channel_id, delivery_mode, escalate_after_hours, timezone, work_days, updated_at)
     values ($1, $2, $3::delivery_mode, $4, $5, $6::int[], now()) returning id`,
    [o.teamId ?? 'T0TEND0001', o.channel === undefined ? 'C0NUDGES01' : o.channel, o.deliveryMode ?? 'channel', o.escalateAfterHours ?? 24, o.timezone ?? 'UTC', o.workDays ?? EVERY_DAY],
  );
  const workspaceId = rows[0].id as number;
  for (const m of o.managers ?? []) {
    await pool.query(`insert into member (workspace_id, slack_user_id, role) values ($1, $2, 'manager')`, [workspaceId, m]);
  }
  const ownerSlackId = o.owner ?? 'U0OWNER001';
  const owner = await pool.query(`insert into member (workspace_id, slack_user_id, role) values ($1, $2, 'rep') returning id`, [workspaceId, ownerSlackId]);
  return { workspaceId, ownerMemberId: owner.rows[0].id, ownerSlackId };
}

export async function seedProduct(pool: pg.Pool, workspaceId: number, name = `Product ${++seq}`): Promise<number> {
  const { rows } = await pool.query(
    `insert into product (workspace_id, name, name_key, list_mrr_cents) values ($1, $2, lower($2), 50000) returning id`,
    [workspaceId, name],
  );
  return rows[0].id;
}

export async function seedHolding(pool: pg.Pool, workspaceId: number, accountId: number, productId: number, mrrCents: number, startedAt: Date): Promise<void> {
  await pool.query(
    `insert into holding (workspace_id, account_id, product_id, mrr_cents, started_at) values ($1, $2, $3, $4, $5::timestamp)`,
    [workspaceId, accountId, productId, mrrCents, iso(startedAt)],
  );
}

export type NudgeSeed = {
  ownerMemberId?: number | null;
  accountName?: string;
  kind?: NudgeKind;
  status?: Exclude<NudgeStatus, 'resolved'>;
  deliveryState?: DeliveryState;
  channelId?: string | null;
  messageTs?: string | null;
  suggestedProductId?: number | null;
  snoozedUntil?: Date | null;
  releasedAt?: Date;
  createdAt?: Date;
  doneAt?: Date | null;
  suggestion?: string;
  evidence?: Record<string, unknown>;
};

export async function seedNudge(pool: pg.Pool, workspaceId: number, o: NudgeSeed = {}): Promise<{ nudgeId: number; accountId: number }> {
  const n = ++seq;
  const name = o.accountName ?? `Acme ${n}`;
  const acc = await pool.query(
    `insert into account (workspace_id, name, name_key, owner_id) values ($1, $2, $3, $4) returning id`,
    [workspaceId, name, `${name.toLowerCase()} ${n}`, o.ownerMemberId ?? null],
  );
  const accountId = acc.rows[0].id as number;
  const created = o.createdAt ?? new Date();
  const { rows } = await pool.query(
    `insert into nudge (workspace_id, account_id, kind, dedupe_key, status, evidence, suggestion, suggested_product_id, priority,
                        value_at_stake_cents, released_at, snoozed_until, done_at, delivery_state, channel_id, message_ts, created_at, updated_at)
     values ($1, $2, $3::nudge_kind, $4, $5::nudge_status, $6::jsonb, $7, $8, 1, 1200000, $9::timestamp, $10::timestamp, $11::timestamp,
             $12::delivery_state, $13, $14, $15::timestamp, $15::timestamp)
     returning id`,
    [
      workspaceId, accountId, o.kind ?? 'cross_sell', `test:${n}`, o.status ?? 'open',
      JSON.stringify(o.evidence ?? { headline: 'Holds one product since 2024', heldProductIds: [1], daysSinceTouch: 40, rhythmDays: 20, mrrCents: 90000 }),
      o.suggestion ?? 'Offer a free usage review of their analytics before suggesting the upgrade.',
      o.suggestedProductId ?? null, iso(o.releasedAt ?? created), o.snoozedUntil ? iso(o.snoozedUntil) : null, o.doneAt ? iso(o.doneAt) : null,
      o.deliveryState ?? 'pending', o.channelId ?? null, o.messageTs ?? null, iso(created),
    ],
  );
  return { nudgeId: rows[0].id, accountId };
}

export async function nudgeRow(pool: pg.Pool, workspaceId: number, nudgeId: number): Promise<Record<string, unknown>> {
  const { rows } = await pool.query(
    `select status, delivery_state, delivery_error, channel_id, message_ts, claimed_by_id, snooze_reason, dismissed_reason, outcome,
            outcome_value_cents, escalated_at, extract(epoch from snoozed_until) * 1000 as snoozed_until_ms
     from nudge where workspace_id = $1 and id = $2`,
    [workspaceId, nudgeId],
  );
  return rows[0];
}

/** Polls fn until it returns a truthy value. */
export async function until<T>(fn: () => Promise<T>, timeoutMs = 10_000, what = 'condition'): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
