// `/tend digest`: the manager digest, now, only for the caller (ephemeral); commands/tend.ts
// calls showDigest after ack().
import type { RespondFn } from '@slack/bolt';
import { loadDigest } from '../../data/digest.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDigest } from '../../views/digest.ts';

export async function showDigest(rt: Runtime, workspaceId: number, respond: RespondFn): Promise<void> {
  let msg: { text: string; blocks?: unknown[] };
  try {
    const data = await loadDigest(rt.db.pool, workspaceId, rt.now());
    msg = data ? buildDigest(data) : { text: 'This workspace is not set up yet. Try again in a moment.' };
  } catch (err) {
    rt.log.warn({ err: (err as Error).message, workspaceId }, 'digest on demand failed');
    msg = { text: ':warning: The digest is unavailable right now (the database did not answer). Please try again in a minute.' };
  }
  await respond({ response_type: 'ephemeral', replace_original: false, text: msg.text, ...(msg.blocks ? { blocks: msg.blocks as never } : {}) });
}
