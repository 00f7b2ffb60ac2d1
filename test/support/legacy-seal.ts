// Seals a value the way Tend did before the v2 format (no additional data), so tests can make
// the rows an older release left in the database.
import { createCipheriv, randomBytes } from 'node:crypto';

export function sealV1(key: Buffer, plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}
