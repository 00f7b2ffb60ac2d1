import { describe, expect, it } from 'vitest';
import { decodeImportBytes } from '../../../src/import/decode.ts';

const CSV = 'Record ID,Company name\r\n101,Société Générale\r\n102,Müller GmbH – Zoë\r\n';
const bytes = (...parts: (number[] | Buffer)[]) => new Uint8Array(Buffer.concat(parts.map((p) => (Buffer.isBuffer(p) ? p : Buffer.from(p)))));
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

describe('decodeImportBytes', () => {
  it.each([
    ['UTF-8', bytes(Buffer.from(CSV, 'utf8')), 'utf-8'],
    ['UTF-8 with BOM', bytes([0xef, 0xbb, 0xbf], Buffer.from(CSV, 'utf8')), 'utf-8'],
    ['UTF-16 LE with BOM (Excel "Unicode Text")', bytes([0xff, 0xfe], Buffer.from(CSV, 'utf16le')), 'utf-16le'],
    ['UTF-16 BE with BOM', bytes([0xfe, 0xff], utf16be(CSV)), 'utf-16be'],
  ])('reads %s exactly, with no note', (_, input, encoding) => {
    expect(decodeImportBytes(input)).toEqual({ text: CSV, encoding, note: null });
  });

  it('reads Windows-1252 (Excel "CSV (Comma delimited)") when the bytes are not UTF-8, and says so with the line', () => {
    // "–" is 0x96 in Windows-1252, which Latin-1 would not have
    const input = bytes(Buffer.from('Record ID,Company name\r\n101,Soci'), [0xe9], Buffer.from('t'), [0xe9], Buffer.from(' G'), [0xe9], Buffer.from('n'), [0xe9], Buffer.from('rale\r\n102,M'), [0xfc], Buffer.from('ller GmbH '), [0x96], Buffer.from(' Zo'), [0xeb], Buffer.from('\r\n'));
    const out = decodeImportBytes(input);
    expect(out.text).toBe(CSV);
    expect(out.encoding).toBe('windows-1252');
    expect(out.note).toMatch(/not UTF-8 \(first invalid byte on line 2\); it was read as Windows-1252/);
  });

  it('reads UTF-16 without a BOM from where its zero bytes are, and says so', () => {
    expect(decodeImportBytes(bytes(Buffer.from(CSV, 'utf16le')))).toMatchObject({ text: CSV, encoding: 'utf-16le', note: expect.stringMatching(/no byte-order mark/) });
    expect(decodeImportBytes(bytes(utf16be(CSV)))).toMatchObject({ text: CSV, encoding: 'utf-16be' });
  });

  it('reads an empty file as empty text', () => {
    expect(decodeImportBytes(new Uint8Array())).toEqual({ text: '', encoding: 'utf-8', note: null });
  });
});
