import { describe, expect, it } from 'vitest';
import { joinAliases, splitAliases } from '../../../src/import/aliases.ts';

describe('aliases in one cell', () => {
  it.each([
    [['Acme', 'ACME Corp'], 'Acme; ACME Corp'],
    [['Smith; Partners LLP', 'Smith'], 'Smith\\; Partners LLP; Smith'],
    [['Acme\\Corp'], 'Acme\\Corp'],
    [['ends with\\', 'next'], 'ends with\\\\; next'],
    [['a\\;b', 'two\\\\slashes'], 'a\\\\\\;b; two\\\\\\slashes'],
    [[';', '\\'], '\\;; \\\\'],
  ])('%j is written %j and read back as it was', (aliases, cell) => {
    expect(joinAliases(aliases)).toBe(cell);
    expect(splitAliases(cell)).toEqual(aliases);
  });

  it.each([
    ['Acme;ACME Corp;', ['Acme', 'ACME Corp']],
    ['Acme ; ; ACME Corp', ['Acme', 'ACME Corp']],
    ['Barnes; Noble', ['Barnes', 'Noble']],
    ['C:\\Acme; Beta', ['C:\\Acme', 'Beta']],
    ['', []],
  ])('reads a CRM\'s %j as %j', (cell, aliases) => {
    expect(splitAliases(cell)).toEqual(aliases);
  });
});
