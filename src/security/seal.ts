// Secrets at rest (OAuth tokens): AES-256-GCM with a random 96-bit nonce, key from the
// environment (TEND_ENCRYPTION_KEY). The format names its version so it can change later:
//   v2.<iv>.<tag>.<ciphertext>  binds the value to a context string (GCM additional data), so a
//                               sealed value copied to another row does not open there
//   v1.<iv>.<tag>.<ciphertext>  the first format, without that binding: still opened, so rows
//                               written before v2 keep working until they are sealed again
// Only full 16-byte tags are accepted: GCM would otherwise verify a truncated tag, and a 4-byte
// tag can be forged by trying.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const CURRENT = 'v2';
const LEGACY = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function seal(key: Buffer, plaintext: string, context: string): string {
  if (key.length !== 32) throw new Error('encryption key must be 32 bytes');
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return [CURRENT, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ct.toString('base64url')].join('.');
}

/** True when the value is in the current format (a v1 value should be sealed again). */
export function isCurrentSeal(sealed: string): boolean {
  return sealed.startsWith(`${CURRENT}.`);
}

/**
 * Opens a v2 value sealed under `context`, or a v1 value (which has no context: the caller
 * must check that what it holds belongs where it was found). Throws on anything else.
 */
export function unseal(key: Buffer, sealed: string, context: string): string {
  const parts = sealed.split('.');
  const [version, ivText, tagText, ctText] = parts;
  if (parts.length !== 4 || (version !== CURRENT && version !== LEGACY) || !ivText || !tagText || ctText === undefined) {
    throw new Error('not a sealed value');
  }
  const iv = Buffer.from(ivText, 'base64url');
  const tag = Buffer.from(tagText, 'base64url');
  if (iv.length !== IV_BYTES) throw new Error('sealed value has a malformed nonce');
  if (tag.length !== TAG_BYTES) throw new Error(`sealed value has a ${tag.length}-byte tag; ${TAG_BYTES} bytes are required`);
  const decipher = createDecipheriv('aes-256-gcm', key, iv, { authTagLength: TAG_BYTES });
  if (version === CURRENT) decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(Buffer.from(ctText, 'base64url')), decipher.final()]).toString('utf8');
}

