import { describe, expect, it } from 'vitest';
import { neutraliseFormula, restoreFormula } from '../../../src/import/formula.ts';

describe('CSV formula injection', () => {
  it.each([
    ['=HYPERLINK("http://evil","x")', `'=HYPERLINK("http://evil","x")`],
    ['+1-555-0100', "'+1-555-0100"],
    ['-5 follow-ups', "'-5 follow-ups"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['\tcmd', "'\tcmd"],
    ['Acme', 'Acme'],
    ["'quoted already", "'quoted already"],
    // text that looks like an exported formula already: one more apostrophe, taken off again
    ["'=not a formula", "''=not a formula"],
    ["'+44 20 7946 0000", "''+44 20 7946 0000"],
    ["''-x", "'''-x"],
    ["'@home", "''@home"],
    ['', ''],
  ])('exports %j as %j and imports it back unchanged', (raw, exported) => {
    expect(neutraliseFormula(raw)).toBe(exported);
    expect(restoreFormula(neutraliseFormula(raw))).toBe(raw);
  });

  it('leaves an apostrophe that is not guarding a formula', () => {
    expect(restoreFormula("'tis the season")).toBe("'tis the season");
  });
});
