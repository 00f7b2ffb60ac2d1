import { describe, expect, it } from 'vitest';
import { parseExportArgs, parseImportArgs, wantsHelp } from '../../../src/bin/args.ts';

describe('parseImportArgs', () => {
  it.each([
    [['accounts', 'a.csv'], { kind: 'accounts', file: 'a.csv', team: undefined, dryRun: false }],
    [['holdings', 'h.csv', '--team', 'T024BE7LD', '--dry-run'], { kind: 'holdings', file: 'h.csv', team: 'T024BE7LD', dryRun: true }],
    // the demo's workspace, as the demo and the doctor print it
    [['accounts', 'a.csv', '--team', 'T_TEND_DEMO'], { kind: 'accounts', file: 'a.csv', team: 'T_TEND_DEMO', dryRun: false }],
    [['--dry-run', '--team=TABC', 'products', 'p.csv'], { kind: 'products', file: 'p.csv', team: 'TABC', dryRun: true }],
    [['offers', 'o.csv'], { kind: 'offers', file: 'o.csv', team: undefined, dryRun: false }],
    [['accounts', 'hs.csv', '--preset', 'hubspot', '--map', 'Legal name=name'], { kind: 'accounts', file: 'hs.csv', team: undefined, dryRun: false, preset: 'hubspot', map: 'Legal name=name' }],
    [['holdings', 'w.csv', '--wide', '--map-file=m.json'], { kind: 'holdings', file: 'w.csv', team: undefined, dryRun: false, wide: true, mapFile: 'm.json' }],
  ])('%j', (argv, args) => expect(parseImportArgs(argv)).toEqual({ ok: true, args }));

  it.each([
    [[], /what to import/],
    [['nudges', 'n.csv'], /"nudges" is not something Tend imports/],
    [['accounts'], /which file/],
    [['accounts', 'a.csv', 'b.csv'], /one file at a time/],
    [['accounts', 'a.csv', '--team'], /--team needs a Slack team id/],
    [['accounts', 'a.csv', '--team', 'acme'], /got "acme"/],
    [['accounts', 'a.csv', '--force'], /unknown option --force/],
    [['accounts', 'a.csv', '--preset', 'zoho'], /no preset "zoho"; the presets are hubspot, salesforce, pipedrive/],
    [['accounts', 'a.csv', '--map'], /--map needs a value/],
    [['accounts', 'a.csv', '--map', 'a=b', '--map-file', 'm.json'], /--map or --map-file, not both/],
    [['accounts', 'a.csv', '--preset', 'hubspot', '--preset=salesforce'], /--preset given twice/],
  ])('%j is refused with usage', (argv, reason) => {
    const r = parseImportArgs(argv);
    expect(r.ok).toBe(false);
    expect(r.ok ? '' : r.error).toMatch(reason);
    expect(r.ok ? '' : r.error).toMatch(/usage: npm run import/);
  });
});

describe('parseExportArgs', () => {
  it.each([
    [['accounts'], { kind: 'accounts', file: undefined, team: undefined }],
    [['accounts', '-'], { kind: 'accounts', file: undefined, team: undefined }],
    [['conversations', 'c.csv', '--team', 'T1X'], { kind: 'conversations', file: 'c.csv', team: 'T1X' }],
    [['whitespace', 'w.csv', '--team', 'T1X'], { kind: 'whitespace', file: 'w.csv', team: 'T1X' }],
  ])('%j', (argv, args) => expect(parseExportArgs(argv)).toEqual({ ok: true, args }));

  it.each([[['accounts', '--dry-run']], [['x']], [[]]])('%j is refused', (argv) => expect(parseExportArgs(argv).ok).toBe(false));
});

describe('wantsHelp', () => {
  it.each([[['--help'], true], [['accounts', '-h'], true], [['accounts', 'a.csv'], false], [['--helper'], false]] as const)('%j → %s', (argv, want) => {
    expect(wantsHelp(argv)).toBe(want);
  });
});
