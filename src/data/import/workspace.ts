// Which workspace an import or export works on: the one named by --team (an import may
// create it), or the only one there is. Never a guess between several.
import { DEMO_TEAM_ID } from '../../domain/slack-ids.ts';
import { ts, type Queryable } from '../sql.ts';

export type PickedWorkspace = { ok: true; id: number; team: string; created: boolean } | { ok: false; error: string };

export async function pickWorkspace(db: Queryable, team: string | undefined, opts: { create: boolean; now?: Date }): Promise<PickedWorkspace> {
  if (team) {
    if (opts.create) {
      // updated_at has no default in the schema (Prisma fills it); a raw insert must
      const ins = await db.query<{ id: number }>(
        `insert into workspace (slack_team_id, updated_at) values ($1, $2::timestamp) on conflict (slack_team_id) do nothing returning id`,
        [team, ts(opts.now ?? new Date())],
      );
      if (ins.rows[0]) return { ok: true, id: ins.rows[0].id, team, created: true };
    }
    const found = await db.query<{ id: number }>('select id from workspace where slack_team_id = $1', [team]);
    if (found.rows[0]) return { ok: true, id: found.rows[0].id, team, created: false };
    return { ok: false, error: `no workspace for team ${team}${await listing(db)}` };
  }
  const all = await db.query<{ id: number; slack_team_id: string }>('select id, slack_team_id from workspace order by id limit 2');
  // an import into the demo's workspace, unasked, would mix a team's data into what the next demo replaces
  if (all.rows.length === 1 && opts.create && all.rows[0]!.slack_team_id === DEMO_TEAM_ID) {
    return { ok: false, error: `the only workspace is the demo's (${DEMO_TEAM_ID}), which the next npm run demo replaces: pass --team T… with your Slack team id, or --team ${DEMO_TEAM_ID} to add to the demo` };
  }
  if (all.rows.length === 1) return { ok: true, id: all.rows[0]!.id, team: all.rows[0]!.slack_team_id, created: false };
  if (all.rows.length === 0) return { ok: false, error: 'there is no workspace yet: pass --team T… (the Slack team id) to create one' };
  return { ok: false, error: `there are several workspaces: pass --team with one of them${await listing(db)}` };
}

async function listing(db: Queryable): Promise<string> {
  const res = await db.query<{ slack_team_id: string; name: string | null; total: string }>(
    'select slack_team_id, name, count(*) over () as total from workspace order by id limit 20',
  );
  if (res.rows.length === 0) return '';
  const total = Number(res.rows[0]!.total);
  const list = res.rows.map((r) => `${r.slack_team_id}${r.name ? ` (${r.name})` : ''}`).join(', ');
  return `; workspaces: ${list}${total > res.rows.length ? ` and ${total - res.rows.length} more` : ''}`;
}

/**
 * The timezone of the workspace an import would write to, whose date is "today" for its
 * dates: UTC (the default) for one it would create or cannot pick (the import then says why).
 */
export async function importTimeZone(db: Queryable, team: string | undefined): Promise<string> {
  const ws = await pickWorkspace(db, team, { create: false });
  if (!ws.ok) return 'UTC';
  const res = await db.query<{ timezone: string }>('select timezone from workspace where id = $1', [ws.id]);
  return res.rows[0]?.timezone ?? 'UTC';
}
