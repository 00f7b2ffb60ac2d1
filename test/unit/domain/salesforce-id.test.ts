import { describe, expect, it } from 'vitest';
import { salesforceChecksum, salesforceOtherId, salesforceRecordKey } from '../../../src/domain/salesforce-id.ts';

describe('salesforceChecksum', () => {
  it.each([
    // chunks 001A0 / 00001 / aBcDe: a capital at bit 3; none; bits 1 and 3
    ['001A000001aBcDe', 'IAK'],
    ['001A000001aBcDE', 'IA0'],
    ['00000000000000A', 'AAQ'],
    // pairs published by Salesforce users (CASESAFEID's output)
    ['a0D30000001n7Pi', 'EAI'],
    ['0019000000B98de', 'AAB'],
    ['000000000000000', 'AAA'],
    ['AAAAAAAAAAAAAAA', '555'],
    ['a0b0c0d0e0f0g0h', 'AAA'],
  ])('%s → %s', (id, sum) => {
    expect(salesforceChecksum(id)).toBe(sum);
  });
});

describe('salesforceOtherId', () => {
  it.each([
    ['a report\'s 15-character id → the API\'s 18', '001A000001aBcDe', '001A000001aBcDeIAK'],
    ['an 18-character id with a valid checksum → its 15', '001A000001aBcDeIAK', '001A000001aBcDe'],
    ['the same 15 letters in another case are another record', '001A000001aBcDE', '001A000001aBcDEIA0'],
    ['an 18 whose checksum fails is some other CRM\'s id', '001A000001aBcDeIAA', null],
    ['an 18 lower-cased by some tool no longer checks out', '001a000001abcdeiak', null],
    ['HubSpot\'s numeric record id', '5001', null],
    ['a 16-character id', '1234567890123456', null],
    ['15 characters with punctuation', 'crm-00000000001', null],
    ['an 18 with punctuation', 'sub-00000000000001', null],
  ])('%s', (_, id, other) => {
    expect(salesforceOtherId(id)).toBe(other);
  });

  it('goes both ways: the 18 of a 15 leads back to it', () => {
    for (const id of ['001A000001aBcDe', 'a0B1c2D3e4F5g6H', 'ZZZZZZZZZZZZZZZ', '000000000000000']) {
      expect(salesforceOtherId(salesforceOtherId(id)!)).toBe(id);
    }
  });
});

describe('salesforceRecordKey', () => {
  it.each([
    ['a 15 is its own key', '001A000001aBcDe', '001A000001aBcDe'],
    ['its 18 shares it', '001A000001aBcDeIAK', '001A000001aBcDe'],
    ['an 18 whose checksum fails keeps its own', '001A000001aBcDeIAA', '001A000001aBcDeIAA'],
    ['another CRM\'s id keeps its own', '5001', '5001'],
  ])('%s', (_, id, key) => {
    expect(salesforceRecordKey(id)).toBe(key);
  });
});
