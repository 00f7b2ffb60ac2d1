// Reading a workspace's records for export, in keyset pages (id > last id), so a million
// rows stream through in bounded memory and no page re-reads the ones before it. Each row
// comes back as the import columns of its kind (see src/import/kinds.ts), as text.
import type { Kind } from '../domain/records.ts';
import type pg from 'pg';
import { salesforceOtherId } from '../domain/salesforce-id.ts';
import { nameKey } from '../domain/text.ts';
import { accountByIdSql, accountByNameSql, TEND_REF } from './import/stage.ts';
import type { Queryable } from './sql.ts';

export const PAGE = 5_000;

const iso = (col: string) => `to_char(${col}, 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Holdings and touches name their account as a person would, its external_id, else its name,
// unless that cell would read as another account on import (accountRefs): then as tend:<id>.
const SQL: Record<Kind, string> = {
  accounts: `
    select a.id, a.name,
           array(select al.alias from account_alias al where al.workspace_id = $1 and al.account_id = a.id order by al.alias_key) as aliases,
           m.slack_user_id as owner, a.segment, a.status::text as status, a.external_id,
           ${iso('a.customer_since')} as customer_since, ${iso('a.churned_at')} as churned_at
    from account a left join member m on m.id = a.owner_id and m.workspace_id = $1
    where a.workspace_id = $1 and a.id > $2 order by a.id limit $3`,
  products: `
    select p.id, p.name, p.list_mrr_cents, p.position
    from product p where p.workspace_id = $1 and p.id > $2 order by p.id limit $3`,
  offers: `
    select o.id, p.name as product, o.title as offer, o.kind::text as kind
    from offer o join product p on p.id = o.product_id and p.workspace_id = $1
    where o.workspace_id = $1 and o.id > $2 order by o.id limit $3`,
  holdings: `
    select h.id, a.id as account_id, a.external_id as account_ext, a.name as account_name, p.name as product, h.mrr_cents,
           ${iso('h.started_at')} as started_at, ${iso('h.ended_at')} as ended_at,
           coalesce(h.external_id, 'tend:' || h.id) as external_id
    from holding h join account a on a.id = h.account_id and a.workspace_id = $1
                   join product p on p.id = h.product_id and p.workspace_id = $1
    where h.workspace_id = $1 and h.id > $2 order by h.id limit $3`,
  conversations: `
    select c.id, a.id as account_id, a.external_id as account_ext, a.name as account_name, ${iso('c.occurred_at')} as occurred_at, c.medium::text as medium,
           c.kind::text as kind, c.summary, c.sentiment::text as sentiment, c.next_step, ${iso('c.next_step_due')} as next_step_due,
           m.slack_user_id as member,
           case when c.source_key like 'import:%' then substr(c.source_key, 8) else 'tend:' || c.id end as external_id
    from conversation c join account a on a.id = c.account_id and a.workspace_id = $1
                        left join member m on m.id = c.member_id and m.workspace_id = $1
    where c.workspace_id = $1 and c.id > $2 order by c.id limit $3`,
};

/**
 * Runs fn on one read-only snapshot: every page an export reads sees the same rows, so rows
 * written meanwhile neither appear halfway nor shift pages. No statement timeout: a big
 * export is bounded by its pages. Nothing is ever written, so it always ends in a rollback.
 */
export async function inReadSnapshot<T>(pool: pg.Pool, fn: (db: Queryable) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('begin isolation level repeatable read read only');
    await c.query('set local statement_timeout = 0');
    return await fn(c);
  } finally {
    await c.query('rollback').catch(() => {});
    c.release();
  }
}

type Raw = Record<string, string | number | string[] | null> & { id: number };
/** A CSV cell, or a list the pipeline writes into one (an account's aliases: src/import/aliases.ts escapes them). */
export type ExportCell = string | null | readonly string[];

const money = (cents: number) => (cents / 100).toFixed(2);

/** Pages of one kind's rows, each row its CSV cells in COLUMNS order. */
export async function* exportPages(db: Queryable, workspaceId: number, kind: Kind, page = PAGE): AsyncGenerator<ExportCell[][]> {
  let after = 0;
  for (;;) {
    const res = await db.query<Raw>(SQL[kind], [workspaceId, after, page]);
    if (res.rows.length === 0) return;
    after = res.rows[res.rows.length - 1]!.id;
    if (kind === 'holdings' || kind === 'conversations') await accountRefs(db, workspaceId, res.rows);
    yield res.rows.map((r) => cells(kind, r));
    if (res.rows.length < page) return;
  }
}

/**
 * Sets each row's `account`: the first of the account's external_id and name that the import
 * reads back as this account alone (resolveAccounts, with the same lookups), else tend:<id>.
 * An account named "1001" beside another whose external_id is 1001 is written tend:<id>, as is
 * an external_id that is another account's name. One query per page, over the page's cells.
 */
async function accountRefs(db: Queryable, workspaceId: number, rows: Raw[]): Promise<void> {
  const refs = [...new Set(rows.flatMap((r) => [r.account_ext, r.account_name].filter((v): v is string => typeof v === 'string')))];
  const res = await db.query<{ ref: string; by_id: number | null; by_name: number | null }>(
    `select x.ref, ${accountByIdSql('$1', 'x.ref', 'x.other')} as by_id, ${accountByNameSql('$1', 'x.key')} as by_name
     from unnest($2::text[], $3::text[], $4::text[]) as x(ref, other, key)`,
    [workspaceId, refs, refs.map(salesforceOtherId), refs.map(nameKey)],
  );
  const read = new Map(res.rows.map((r) => [r.ref, r]));
  const only = (ref: unknown, id: number): ref is string => {
    if (typeof ref !== 'string') return false;
    if (TEND_REF.test(ref)) return ref === `tend:${id}`;
    const r = read.get(ref);
    // read as resolveAccounts reads it: this account, and no other by the other lookup
    return !!r && (r.by_id ?? r.by_name) === id && (r.by_id ?? id) === id && (r.by_name ?? id) === id;
  };
  for (const r of rows) {
    const id = Number(r.account_id);
    r.account = only(r.account_ext, id) ? r.account_ext : only(r.account_name, id) ? r.account_name : `tend:${id}`;
  }
}

function cells(kind: Kind, r: Raw): ExportCell[] {
  const s = (k: string) => (r[k] === null || r[k] === undefined ? null : String(r[k]));
  const aliases = r.aliases as string[] | undefined;
  switch (kind) {
    case 'accounts':
      return [s('name'), aliases?.length ? aliases : null, s('owner'), s('segment'), s('status'), s('external_id'), s('customer_since'), s('churned_at')];
    case 'products':
      return [s('name'), money(Number(r.list_mrr_cents)), s('position')];
    case 'offers':
      return [s('product'), s('offer'), s('kind')];
    case 'holdings':
      return [s('account'), s('product'), money(Number(r.mrr_cents)), s('started_at'), s('ended_at'), s('external_id')];
    case 'conversations':
      return [s('account'), s('occurred_at'), s('medium'), s('kind'), s('summary'), s('sentiment'), s('next_step'), s('next_step_due'), s('member'), s('external_id')];
  }
}
