// Sealing secrets at rest: round trip, fresh nonces, full tags only, bound to a context, and the
// v1 format (no context) still opening.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { isCurrentSeal, seal, unseal } from '../../../src/security/seal.ts';
import { sealV1 } from '../../support/legacy-seal.ts';

const key = randomBytes(32);
const HERE = 'slack_installation:T0HERE';

function withTag(sealed: string, tag: Buffer): string {
  const [v, iv, , ct] = sealed.split('.');
  return [v, iv, tag.toString('base64url'), ct].join('.');
}

describe('seal', () => {
  it('round-trips in the v2 format and never shows the plaintext', () => {
    const token = 'xoxb-1234-5678-secret';
    const sealed = seal(key, token, HERE);
    expect(sealed).not.toContain('xoxb');
    expect(sealed.startsWith('v2.')).toBe(true);
    expect(isCurrentSeal(sealed)).toBe(true);
    expect(unseal(key, sealed, HERE)).toBe(token);
  });

  it('uses a fresh nonce each time', () => {
    expect(seal(key, 'same', HERE)).not.toBe(seal(key, 'same', HERE));
  });

  it('refuses a tampered value or the wrong key', () => {
    const sealed = seal(key, 'xoxb-secret', HERE);
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    const tampered = [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.');
    expect(() => unseal(key, tampered, HERE)).toThrow();
    expect(() => unseal(randomBytes(32), sealed, HERE)).toThrow();
    expect(() => unseal(key, 'plain-text', HERE)).toThrow(/not a sealed value/);
    expect(() => unseal(key, `v3.${parts.slice(1).join('.')}`, HERE)).toThrow(/not a sealed value/);
  });

  it.each([1, 4, 8, 12, 15, 17])('refuses a %i-byte tag (only the full 16 bytes are checked as a whole)', (bytes) => {
    for (const sealed of [seal(key, 'xoxb-secret', HERE), sealV1(key, 'xoxb-secret')]) {
      const full = Buffer.from(sealed.split('.')[2]!, 'base64url');
      expect(full).toHaveLength(16);
      // a prefix of the real tag is what GCM would otherwise accept as a truncated tag
      const tag = bytes <= 16 ? full.subarray(0, bytes) : Buffer.concat([full, Buffer.alloc(bytes - 16)]);
      expect(() => unseal(key, withTag(sealed, tag), HERE)).toThrow(`sealed value has a ${bytes}-byte tag; 16 bytes are required`);
    }
  });

  it('opens only under the context it was sealed for', () => {
    const sealed = seal(key, 'xoxb-secret', HERE);
    expect(() => unseal(key, sealed, 'slack_installation:T0THERE')).toThrow();
    expect(() => unseal(key, sealed, '')).toThrow();
  });

  it('still opens the v1 format, which has no context, and says it is not current', () => {
    const old = sealV1(key, 'xoxb-old');
    expect(isCurrentSeal(old)).toBe(false);
    expect(unseal(key, old, HERE)).toBe('xoxb-old');
    expect(() => unseal(randomBytes(32), old, HERE)).toThrow();
  });
});
