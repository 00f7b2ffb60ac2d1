import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { seal, unseal } from '../../../src/security/seal.ts';

const key = randomBytes(32);

describe('seal', () => {
  it('round-trips and never shows the plaintext', () => {
    const token = 'xoxb-1234-5678-secret';
    const sealed = seal(key, token);
    expect(sealed).not.toContain('xoxb');
    expect(sealed.startsWith('v1.')).toBe(true);
    expect(unseal(key, sealed)).toBe(token);
  });

  it('uses a fresh nonce each time', () => {
    expect(seal(key, 'same')).not.toBe(seal(key, 'same'));
  });

  it('refuses a tampered value or the wrong key', () => {
    const sealed = seal(key, 'xoxb-secret');
    const parts = sealed.split('.');
    const ct = Buffer.from(parts[3]!, 'base64url');
    ct[0] = ct[0]! ^ 1;
    const tampered = [parts[0], parts[1], parts[2], ct.toString('base64url')].join('.');
    expect(() => unseal(key, tampered)).toThrow();
    expect(() => unseal(randomBytes(32), sealed)).toThrow();
    expect(() => unseal(key, 'plain-text')).toThrow(/not a sealed value/);
  });
});
