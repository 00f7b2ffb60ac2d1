// The /account answers: a name repeated in a "next" hint is cut between characters, never
// inside an emoji (half of one is a lone surrogate, which Slack shows as "�" or refuses).
import { describe, expect, it } from 'vitest';
import { buildAccountAdded, buildHoldingEnded, buildNameTaken } from '../../../src/views/account-messages.ts';
import { checkBlockKit } from '../../support/block-kit-limits.ts';
import { illFormed } from '../../support/well-formed.ts';

// 141 UTF-16 units (under the 150 a name may have): a cut at 60 splits the 30th emoji
const LONG = 'a' + '😀'.repeat(70);

describe('names cut in the /account answers', () => {
  it.each([
    ['an account added', buildAccountAdded({ name: LONG, aliases: [] })],
    ['a name taken (the "see it" hint names the other account)', buildNameTaken('acme', LONG, false)],
    ['a holding that was not there', buildHoldingEnded({ account: LONG, product: 'Reporting', ended: 0 })],
  ])('%s: no half emoji, within Block Kit', (_name, msg) => {
    expect(illFormed(msg)).toEqual([]);
    expect(checkBlockKit('message', msg)).toEqual([]);
    expect(JSON.stringify(msg.blocks)).toContain(`/account a${'😀'.repeat(29)}…`);
  });
});
