// Accounts from a file. A row updates the account with its external_id, else the one with
// its name, else the one that has its name as an alias (whose own name is then kept); any
// other row creates an account. Empty cells keep what the account has: an import fills and
// corrects, it never blanks a value someone set in Slack. Aliases are only ever added.
// An owner given as a name or email (a CRM's "Company owner") becomes the one member whose
// Slack name matches; none or several, and the row keeps its owner and the report says so.
// An external id matches exactly, else in its other Salesforce form (15 ↔ 18 characters,
// domain/salesforce-id.ts); an account that has the 18-character form keeps it.
// A row whose name another record has (an account of another external_id, or an earlier row
// of another one) is another account under a distinct name, "Acme (ID 5014)": who keeps a
// name is domain/distinct-names.ts's rule; here the stage is read for it and written back.
import type pg from 'pg';
import { settleName, type DistinctName, type NameClaim, type NameHolder } from '../../domain/distinct-names.ts';
import { salesforceOtherId } from '../../domain/salesforce-id.ts';
import { nameKey } from '../../domain/text.ts';
import type { AccountRow, Reject } from '../../domain/records.ts';
import { ts } from '../sql.ts';
import { ensureMembers, STAGE, type KindWriter } from './stage.ts';

const utcNow = `(now() at time zone 'utc')`;
const range = 's.ord >= $2 and s.ord < $3';
/** The account has the 18-character form of the row's 15-character Salesforce id: the longer, case-safe one stays. */
const keepsLongId = `coalesce(a.external_id = s.external_other and length(a.external_id) = 18, false)`;

export const accountWriter: KindWriter<AccountRow> = {
  columns: [
    ['name', 'text'], ['name_key', 'text'], ['aliases', 'jsonb'], ['owner', 'text'], ['owner_name', 'text'], ['owner_key', 'text'], ['segment', 'text'], ['status', 'text'],
    ['external_id', 'text'], ['external_other', 'text'], ['customer_since', 'timestamp'], ['churned_at', 'timestamp'],
  ],
  extra: 'by_ext int, by_name int, by_alias int, zeros_of int, target_id int, keep_name boolean not null default false, owner_id int, old_name text, old_key text, changed boolean not null default false, asked_name text',
  values: (a) => [
    a.name,
    nameKey(a.name),
    JSON.stringify(a.aliases.map((alias) => ({ alias, key: nameKey(alias) }))),
    a.owner,
    a.owner_name,
    a.owner_name ? ownerKey(a.owner_name) : null,
    a.segment,
    a.status,
    a.external_id,
    a.external_id ? salesforceOtherId(a.external_id) : null,
    a.customer_since ? ts(a.customer_since) : null,
    a.churned_at ? ts(a.churned_at) : null,
  ],

  async resolve(c, ws) {
    const newMembers = await ensureMembers(c, ws, 'owner');
    await c.query(
      `update ${STAGE} s set
         by_ext = coalesce((select a.id from account a where a.workspace_id = $1 and a.external_id = s.external_id),
                           (select a.id from account a where a.workspace_id = $1 and a.external_id = s.external_other)),
         by_name = (select a.id from account a where a.workspace_id = $1 and a.name_key = s.name_key),
         by_alias = (select al.account_id from account_alias al where al.workspace_id = $1 and al.alias_key = s.name_key),
         owner_id = (select m.id from member m where m.workspace_id = $1 and m.slack_user_id = s.owner and m.deactivated_at is null)`,
      [ws],
    );
    // "123" for the account of that name whose external_id is "00123": a spreadsheet dropped the
    // zeros. Refused (check), not matched: the holdings and touches saved from the same sheet say
    // "123" too, and only the CRM knows whether 123 and 00123 are one record. Marked before
    // giveDistinctNames would make the row another account, "Acme (ID 123)".
    await c.query(
      `update ${STAGE} s set zeros_of = a.id from account a
       where a.workspace_id = $1 and a.id = coalesce(s.by_name, s.by_alias) and s.by_ext is null
         and s.external_id ~ '^[0-9]+$' and a.external_id ~ '^0+[0-9]+$'
         and length(a.external_id) > length(s.external_id) and ltrim(a.external_id, '0') = ltrim(s.external_id, '0')`,
      [ws],
    );
    const distinct = await giveDistinctNames(c, ws);
    // a name or email matches a member's Slack name, display or full, when exactly one member
    // still in Slack has it (as findMemberByName), folded by ownerKey in JS (accents too: a CRM's
    // "Jose Garcia" is Slack's "José García"); a workspace has hundreds of members, not millions,
    // so their keys go over as two arrays, once per member and key
    const members = await c.query<{ id: number; name: string | null; real_name: string | null }>(
      'select id, name, real_name from member where workspace_id = $1 and deactivated_at is null and (name is not null or real_name is not null)', [ws]);
    const keys = members.rows.flatMap((m) => [...new Set([m.name, m.real_name].filter((n): n is string => !!n).map(ownerKey))].map((key) => ({ id: m.id, key })));
    await c.query(
      `update ${STAGE} s set owner_id = (
         select min(m.id) from unnest($1::int[], $2::text[]) as m(id, key)
         where m.key = s.owner_key
         having count(*) = 1)
       where s.owner_key is not null`,
      [keys.map((k) => k.id), keys.map((k) => k.key)],
    );
    // a Slack id of someone who left (deactivated): the owner is left as it was, and said so
    const left = await c.query<{ owner: string; n: number; total: number }>(
      `select owner, count(*)::int as n, sum(count(*)) over ()::int as total from ${STAGE}
       where owner is not null and owner_id is null group by owner order by n desc, owner limit 5`,
    );
    const unmatched = await c.query<{ owner_name: string; n: number; total: number }>(
      `select owner_name, count(*)::int as n, sum(count(*)) over ()::int as total from ${STAGE}
       where owner_name is not null and owner_id is null group by owner_name order by n desc, owner_name limit 5`,
    );
    await c.query(`update ${STAGE} set target_id = coalesce(by_ext, by_name, by_alias), keep_name = (by_ext is null and by_name is null and by_alias is not null)`);
    await c.query(
      `update ${STAGE} s set old_name = a.name, old_key = a.name_key, changed = (
         (not s.keep_name and a.name is distinct from s.name)
         or (s.owner_id is not null and a.owner_id is distinct from s.owner_id)
         or (s.segment is not null and a.segment is distinct from s.segment)
         or (s.status is not null and a.status::text is distinct from s.status)
         or (s.external_id is not null and a.external_id is distinct from s.external_id and not ${keepsLongId})
         or (s.customer_since is not null and a.customer_since is distinct from s.customer_since)
         or (s.churned_at is not null and a.churned_at is distinct from s.churned_at)
         or exists (select 1 from jsonb_to_recordset(s.aliases) x(alias text, key text)
                    where x.key <> s.name_key and x.key <> a.name_key
                      and not exists (select 1 from account_alias al where al.workspace_id = $1 and al.alias_key = x.key)))
       from account a where a.workspace_id = $1 and a.id = s.target_id`,
      [ws],
    );
    const notes: string[] = [];
    if (unmatched.rows.length) {
      const total = unmatched.rows[0]!.total;
      const names = unmatched.rows.map((r) => `"${r.owner_name}" (${r.n})`).join(', ');
      const rows = total === 1 ? '1 row names an owner' : `${total.toLocaleString('en-US')} rows name owners`;
      notes.push(`${rows} no Slack member matches by name, so the owner was left as it was: ${names}${unmatched.rows.length === 5 ? ', …' : ''}. Give the Slack user id (U…) or the member's Slack name.`);
    }
    if (left.rows.length) {
      const total = left.rows[0]!.total;
      const who = left.rows.map((r) => `${r.owner} (${r.n})`).join(', ');
      notes.push(`${total === 1 ? '1 row names' : `${total.toLocaleString('en-US')} rows name`} as owner someone who has left Slack (deactivated), so the owner was left as it was: ${who}${left.rows.length === 5 ? ', …' : ''}.`);
    }
    return { newMembers, notes, distinct };
  },

  async check(c, ws) {
    const zeros = await c.query<Reject>(
      `select s.line, 'external_id' as "column",
              format('"%s" is the external_id "%s" of the account "%s" without its leading zeros: a spreadsheet saved the ids as numbers. Format the column as Text (when opening the original export, or in the CRM''s export) and save the file again',
                     s.external_id, z.external_id, z.name) as reason
       from ${STAGE} s join account z on z.workspace_id = $1 and z.id = s.zeros_of order by s.line`,
      [ws],
    );
    // a row named apart is refused under its distinct name, and the reason says where that came from
    const res = await c.query<Reject>(
      `select r.line, r."column", r.reason || case when s.asked_name is null then ''
                else format(' ("%s" is "%s" with its record id: another record has "%s")', s.name, s.asked_name, s.asked_name) end as reason
       from (
       select s.line, 'name' as "column", format('"%s" is the name of another account (external_id %s)', s.name, coalesce(n.external_id, 'none')) as reason
       from ${STAGE} s join account n on n.id = s.by_name
       where s.by_ext is not null and s.by_name <> s.by_ext
       union all
       select s.line, 'external_id', format('the account named "%s" already has external_id "%s"', s.name, n.external_id)
       from ${STAGE} s join account n on n.id = s.by_name
       where s.by_ext is null and s.external_id is not null and n.external_id is not null
       union all
       select s.line, 'name', format('"%s" is an alias of the account "%s"', s.name, o.name)
       from ${STAGE} s join account o on o.id = s.by_alias
       where s.by_alias <> s.target_id
       union all
       select s.line, 'aliases', format('"%s" is the name of the account "%s"', x.alias, a.name)
       from ${STAGE} s cross join jsonb_to_recordset(s.aliases) x(alias text, key text)
       join account a on a.workspace_id = $1 and a.name_key = x.key
       where x.key <> s.name_key and a.id is distinct from s.target_id
       union all
       select s.line, 'aliases', format('"%s" is already an alias of the account "%s"', x.alias, a.name)
       from ${STAGE} s cross join jsonb_to_recordset(s.aliases) x(alias text, key text)
       join account_alias al on al.workspace_id = $1 and al.alias_key = x.key
       join account a on a.id = al.account_id
       where x.key <> s.name_key and al.account_id is distinct from s.target_id
       union all
       select s.line, 'name', format('the name "%s" is already on line %s', s.name, min(t.line))
       from ${STAGE} s join ${STAGE} t on t.name_key = s.name_key and t.ord <> s.ord
       where s.asked_name is not null
       group by s.line, s.name
       ) r join ${STAGE} s on s.line = r.line
       order by r.line`,
      [ws],
    );
    return [...zeros.rows, ...res.rows].sort((a, b) => a.line - b.line);
  },

  phases: [
    // updates before inserts: an account renamed away from a name frees it for a new one
    async (c, ws, from, to) => {
      await c.query(
        `update account a set
           name = case when s.keep_name then a.name else s.name end,
           name_key = case when s.keep_name then a.name_key else s.name_key end,
           owner_id = coalesce(s.owner_id, a.owner_id),
           segment = coalesce(s.segment, a.segment),
           status = coalesce(s.status::account_status, a.status),
           external_id = case when ${keepsLongId} then a.external_id else coalesce(s.external_id, a.external_id) end,
           customer_since = coalesce(s.customer_since, a.customer_since),
           -- a customer the file now says churned, without a date, churned since Tend last knew it active: today;
           -- one already churned keeps its date, known or not
           churned_at = case when coalesce(s.status, a.status::text) = 'churned'
                             then coalesce(s.churned_at, a.churned_at, case when a.status <> 'churned' then ${utcNow} end) end
         from ${STAGE} s
         where a.workspace_id = $1 and a.id = s.target_id and s.changed and ${range}`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      await c.query(
        `with ins as (
           insert into account (workspace_id, name, name_key, owner_id, segment, status, external_id, customer_since, churned_at)
           select $1, s.name, s.name_key, s.owner_id, s.segment, coalesce(s.status, 'active')::account_status, s.external_id, s.customer_since,
                  -- churned, no date: unknown (its holdings' last end fills it, data/churn-sql.ts), never
                  -- "today": a first import of a book's former customers is no churn this week
                  case when s.status = 'churned' then s.churned_at end
           from ${STAGE} s where s.target_id is null and ${range}
           returning id, name_key)
         update ${STAGE} s set target_id = ins.id from ins where s.name_key = ins.name_key and s.target_id is null`,
        [ws, from, to],
      );
    },
    async (c, ws, from, to) => {
      // the new name may have been one of its aliases: it is the name now (as renameAccount does)
      await c.query(
        `delete from account_alias al using ${STAGE} s
         where al.workspace_id = $1 and al.account_id = s.target_id and al.alias_key = s.name_key and not s.keep_name and ${range}`,
        [ws, from, to],
      );
      // a renamed account keeps its old name as an alias, so what people typed yesterday still
      // finds it; no alias may be any account's name
      await c.query(
        `insert into account_alias (workspace_id, account_id, alias, alias_key)
         select $1, n.account_id, n.alias, n.key from (
           select s.target_id as account_id, x.alias, x.key from ${STAGE} s cross join jsonb_to_recordset(s.aliases) x(alias text, key text)
           where ${range}
           union all
           select s.target_id, s.old_name, s.old_key from ${STAGE} s
           where ${range} and s.changed and not s.keep_name and s.old_key <> s.name_key
         ) n
         where not exists (select 1 from account a where a.workspace_id = $1 and a.name_key = n.key)
         on conflict (workspace_id, alias_key) do nothing`,
        [ws, from, to],
      );
    },
  ],
};

/**
 * The rows of the file whose name another record has, settled name by name (settleName): those
 * that do not keep it take their distinct name on the stage (the name they asked for kept in
 * asked_name), and are matched again by it, so one that already has it is unchanged. Only rows
 * with an external_id can be another record; validate.ts let a file's same-named rows through
 * only when each has one.
 */
async function giveDistinctNames(c: pg.PoolClient, ws: number): Promise<DistinctName[]> {
  const { rows } = await c.query<{ line: number; name: string; name_key: string; external_id: string; by_ext: number | null; holder_id: number | null; holder_name: string; holder_ext: string | null; holder_alias: boolean }>(
    `select s.line, s.name, s.name_key, s.external_id, s.by_ext,
            h.id as holder_id, h.name as holder_name, h.external_id as holder_ext, s.by_name is null as holder_alias
     from (select *, count(*) over (partition by name_key) as claims from ${STAGE}) s
     left join account h on h.workspace_id = $1 and h.id = coalesce(s.by_name, s.by_alias)
     where s.external_id is not null and (s.claims > 1 or (h.id is not null and h.id is distinct from s.by_ext))
     order by s.ord`,
    [ws],
  );
  const groups = new Map<string, { claims: NameClaim[]; holder: NameHolder | null }>();
  for (const r of rows) {
    const g = groups.get(r.name_key) ?? { claims: [], holder: r.holder_id === null ? null : { id: r.holder_id, name: r.holder_name, externalId: r.holder_ext, alias: r.holder_alias } };
    g.claims.push({ line: r.line, name: r.name, externalId: r.external_id, account: r.by_ext });
    groups.set(r.name_key, g);
  }
  const distinct = [...groups.values()].flatMap((g) => settleName(g.claims, g.holder)).sort((a, b) => a.line - b.line);
  if (distinct.length === 0) return [];
  await c.query(
    `update ${STAGE} s set asked_name = s.name, name = u.name, name_key = u.key
     from unnest($1::int[], $2::text[], $3::text[]) as u(line, name, key) where s.line = u.line`,
    [distinct.map((d) => d.line), distinct.map((d) => d.given), distinct.map((d) => nameKey(d.given))],
  );
  await c.query(
    `update ${STAGE} s set
       by_name = (select a.id from account a where a.workspace_id = $1 and a.name_key = s.name_key),
       by_alias = (select al.account_id from account_alias al where al.workspace_id = $1 and al.alias_key = s.name_key)
     where s.asked_name is not null`,
    [ws],
  );
  return distinct;
}

/**
 * "Ana López", "ana.lopez@acme.com" → "ana lopez": an owner and a member's Slack name, folded alike
 * (case, accents, punctuation: domain/text.ts nameKey) so the one matches the other.
 */
export function ownerKey(owner: string): string {
  const local = owner.includes('@') ? owner.slice(0, owner.indexOf('@')) : owner;
  return nameKey(local);
}
