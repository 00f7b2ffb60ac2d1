// One redraw of a Slack message at a time. Two clicks on different nudges of one grouped
// message each re-render the whole message; unserialised, the render that read the database
// first can reach Slack last and put back a stale section. Under this lock every redraw reads
// the latest state after the previous one's chat.update returned, so the last edit Slack
// applies is always built from a state that includes every change committed before it.
import type pg from 'pg';
import { inTransaction, type Queryable } from './sql.ts';

// the first key of the two-int advisory lock: "a Slack message"; the second is its hash
const MESSAGE_LOCK = 0x7e4e;

/**
 * Runs fn (which reads through db and calls Slack) holding the transaction-scoped advisory
 * lock of message (channel, ts) in this workspace. fn reads on the lock's own connection, so
 * waiting redraws never starve the one that holds the lock of a pool connection.
 */
export async function withMessageLock<T>(pool: pg.Pool, workspaceId: number, channel: string, ts: string, fn: (db: Queryable) => Promise<T>): Promise<T> {
  return inTransaction(pool, async (client) => {
    await client.query('select pg_advisory_xact_lock($1, hashtext($2))', [MESSAGE_LOCK, `${workspaceId}:${channel}:${ts}`]);
    return fn(client);
  });
}
