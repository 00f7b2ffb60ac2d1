// An imported file's bytes to text: the one place that decides the encoding. CRM exports
// arrive as UTF-8 (with or without a BOM), as UTF-16 (Excel's "Unicode Text", with a BOM), or
// as Windows-1252 (Excel's "CSV (Comma delimited)", a Salesforce export option), which no
// byte marks. Reading the last as UTF-8 garbles every accent quietly ("Soci�t�"), so UTF-8 is
// decoded strictly and anything that is not valid UTF-8 is read as Windows-1252, with a note
// saying so. UTF-8 and UTF-16 go through TextDecoder; Windows-1252 through iconv-lite, because
// Node 20's TextDecoder('windows-1252') is really Latin-1 and turns "€", "–" and curly quotes
// (0x80-0x9F, common in Excel files) into control characters.
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
/** `note`: what the report should say when the encoding was a guess, not marked in the file. */
export type Decoded = { text: string; encoding: Encoding; note: string | null };

/** Bytes looked at to tell UTF-16 without a BOM from text: a CSV's header is in there. */
const SNIFF_BYTES = 4_096;

export function decodeImportBytes(bytes: Uint8Array): Decoded {
  if (startsWith(bytes, [0xff, 0xfe])) return { text: decode('utf-16le', bytes.subarray(2)), encoding: 'utf-16le', note: null };
  if (startsWith(bytes, [0xfe, 0xff])) return { text: decode('utf-16be', bytes.subarray(2)), encoding: 'utf-16be', note: null };
  const body = startsWith(bytes, [0xef, 0xbb, 0xbf]) ? bytes.subarray(3) : bytes;
  const utf16 = sniffUtf16(body);
  if (utf16) {
    return { text: decode(utf16, body), encoding: utf16, note: `The file has no byte-order mark but is laid out as UTF-16 (${utf16 === 'utf-16le' ? 'little' : 'big'}-endian); it was read as such.` };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body), encoding: 'utf-8', note: null };
  } catch {
    // every byte is a character in Windows-1252, so this never fails; it may still be the wrong guess (Mac Roman, Latin-2…)
    return {
      text: decode('windows-1252', body),
      encoding: 'windows-1252',
      note: `The file is not UTF-8 (first invalid byte on line ${lineOfFirstInvalidUtf8(body)}); it was read as Windows-1252, what Excel's "CSV (Comma delimited)" writes. If accented letters look wrong, save it as "CSV UTF-8" and import it again.`,
    };
  }
}

function decode(encoding: Encoding, bytes: Uint8Array): string {
  if (encoding === 'windows-1252') return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), 'windows-1252', { stripBOM: false });
  // ignoreBOM: the mark was taken off above; one left inside (a concatenated file) stays visible
  return new TextDecoder(encoding, { ignoreBOM: true }).decode(bytes);
}

function startsWith(bytes: Uint8Array, prefix: readonly number[]): boolean {
  return prefix.every((b, i) => bytes[i] === b);
}

/**
 * UTF-16 text of Latin letters has a zero in every other byte; a CSV in any 8-bit encoding
 * has none. Most NULs on one side, and that side is the high byte.
 */
function sniffUtf16(bytes: Uint8Array): Encoding | null {
  const n = Math.min(bytes.length, SNIFF_BYTES) & ~1;
  if (n < 4) return null;
  let even = 0;
  let odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) even++;
    if (bytes[i + 1] === 0) odd++;
  }
  const pairs = n / 2;
  if (odd > pairs * 0.3 && even < pairs * 0.05) return 'utf-16le';
  if (even > pairs * 0.3 && odd < pairs * 0.05) return 'utf-16be';
  return null;
}

/** The 1-based line of the first byte sequence that is not UTF-8, so a person can look at it. */
function lineOfFirstInvalidUtf8(bytes: Uint8Array): number {
  let line = 1;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b === 0x0a) line++;
    const len = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (len === 0) return line;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return line;
    i += len;
  }
  return line;
}
