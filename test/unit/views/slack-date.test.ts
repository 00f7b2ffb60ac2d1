import { describe, expect, it } from 'vitest';
import { isDateOnly, slackDate, slackDay } from '../../../src/views/slack-date.ts';
import { stateLine } from '../../../src/views/nudge.ts';

describe("slackDate: Slack writes the day in each reader's timezone, the fallback in the caller's", () => {
  const at = new Date('2026-12-07T00:30:00Z'); // Monday 09:30 in Tokyo, Sunday 19:30 in New York
  it.each([
    ['{date_short}', 'UTC', '<!date^1796603400^{date_short}|2026-12-07>'],
    ['{date_long_pretty}', 'America/New_York', '<!date^1796603400^{date_long_pretty}|2026-12-06>'],
    ['{date_short_pretty} at {time}', 'Asia/Tokyo', '<!date^1796603400^{date_short_pretty} at {time}|2026-12-07 09:30>'],
  ] as const)('%s in %s', (format, zone, token) => {
    expect(slackDate(at, format, zone)).toBe(token);
  });

  it("a snoozed card names the day of return as a token, not as the server's UTC date", () => {
    const line = stateLine({ status: 'snoozed', by: 'U0ANA00001', until: at, reason: null });
    expect(line).toBe(':zzz: Snoozed until <!date^1796603400^{date_long_pretty}|2026-12-07> by <@U0ANA00001>');
  });
});

describe('slackDay: a date stored without a time is the same calendar date for every reader', () => {
  it.each([
    [new Date('2024-01-01T00:00:00Z'), 'America/Los_Angeles', 'Jan 1, 2024'],
    [new Date('2024-12-31T00:00:00Z'), 'Pacific/Kiritimati', 'Dec 31, 2024'],
    [new Date('2026-12-07T00:30:00Z'), 'America/New_York', '<!date^1796603400^{date_short}|2026-12-06>'],
  ] as const)('%s in %s', (d, zone, want) => {
    expect(slackDay(d, zone)).toBe(want);
  });

  it('only an exact UTC midnight reads as date-only', () => {
    expect(isDateOnly(new Date('2024-01-01T00:00:00Z'))).toBe(true);
    expect(isDateOnly(new Date('2024-01-01T00:00:00.001Z'))).toBe(false);
    expect(isDateOnly(new Date('2024-01-01T05:00:00Z'))).toBe(false);
  });
});
