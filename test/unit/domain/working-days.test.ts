import { describe, expect, it } from 'vitest';
import { snoozeUntil } from '../../../src/domain/nudge-state.ts';
import { releaseClock } from '../../../src/domain/release.ts';
import {
  DEFAULT_WORK_DAYS, isWorkDate, isWorkDay, workDaysOf, workDaysText, workingHoursBefore, workMorningOn, type Weekday,
} from '../../../src/domain/working-days.ts';

const MON_FRI = DEFAULT_WORK_DAYS;
const SUN_THU: Weekday[] = [7, 1, 2, 3, 4];
const iso = (d: Date | null) => d?.toISOString() ?? null;

describe('workDaysOf: stored or submitted days', () => {
  it.each([
    [[5, 1, 3, 1], [1, 3, 5]],
    [['2', '4'], [2, 4]],
    [[0, 8, 2.5, 'x', null, 6], [6]],
    [[], [1, 2, 3, 4, 5]],
    [null, [1, 2, 3, 4, 5]],
    ['1,2', [1, 2, 3, 4, 5]],
  ])('%j → %j', (input, days) => {
    expect(workDaysOf(input)).toEqual(days);
  });
});

describe('isWorkDay and isWorkDate: the local day decides', () => {
  it.each([
    // Friday 23:30 UTC is already Saturday in Berlin and still Friday in New York
    ['2026-12-04T23:30:00Z', 'Europe/Berlin', MON_FRI, false],
    ['2026-12-04T23:30:00Z', 'America/New_York', MON_FRI, true],
    ['2026-12-06T10:00:00Z', 'Asia/Jerusalem', SUN_THU, true], // Sunday
    ['2026-12-04T10:00:00Z', 'Asia/Jerusalem', SUN_THU, false], // Friday
    ['2026-12-05T10:00:00Z', 'Not/AZone', MON_FRI, false], // read as UTC: Saturday
  ] as const)('%s in %s', (at, zone, days, expected) => {
    expect(isWorkDay(new Date(at), zone, days)).toBe(expected);
  });

  it.each([
    ['2026-12-04', true], ['2026-12-05', false], ['2026-12-06', false], ['2026-12-07', true], ['2026-13-01', false], ['', false],
  ])('%s', (date, expected) => {
    expect(isWorkDate(date, MON_FRI)).toBe(expected);
  });
});

describe('workDaysText', () => {
  it.each([
    [[1, 2, 3, 4, 5], 'Monday to Friday'],
    [[7, 1, 2, 3, 4], 'Sunday to Thursday'],
    [[1, 2, 3, 4, 5, 6, 7], 'every day'],
    [[1, 3, 5], 'Monday, Wednesday and Friday'],
    [[6, 7], 'Saturday and Sunday'],
    [[2], 'Tuesday'],
  ] as [Weekday[], string][])('%j → %s', (days, text) => {
    expect(workDaysText(days)).toBe(text);
  });
});

describe('releaseClock: the morning release waits for a working day', () => {
  it.each([
    ['2026-12-04T09:30:00Z', 'UTC', true], // Friday morning
    ['2026-12-05T09:30:00Z', 'UTC', false], // Saturday morning
    ['2026-12-06T23:30:00Z', 'UTC', false], // Sunday night
    ['2026-12-07T08:59:00Z', 'UTC', false], // Monday before nine
    ['2026-12-07T09:00:00Z', 'UTC', true],
    // Monday 09:30 in Tokyo is Sunday 00:30 UTC: the rep's own day counts
    ['2026-12-07T00:30:00Z', 'Asia/Tokyo', true],
  ])('%s in %s', (at, zone, due) => {
    expect(releaseClock(new Date(at), zone, MON_FRI).due).toBe(due);
  });

  it('every day without a week (the default)', () => {
    expect(releaseClock(new Date('2026-12-05T09:30:00Z'), 'UTC').due).toBe(true);
  });
});

describe('workingHoursBefore: escalation counts working time only', () => {
  it.each([
    // released Friday 09:00 UTC: 24 working hours run out on Monday 09:00, not on Saturday
    ['2026-12-07T09:00:00Z', 24, 'UTC', MON_FRI, '2026-12-04T09:00:00.000Z'],
    ['2026-12-07T08:59:00Z', 24, 'UTC', MON_FRI, '2026-12-04T08:59:00.000Z'],
    // midweek it is plain hours
    ['2026-12-09T15:00:00Z', 24, 'UTC', MON_FRI, '2026-12-08T15:00:00.000Z'],
    ['2026-12-09T15:00:00Z', 2, 'UTC', MON_FRI, '2026-12-09T13:00:00.000Z'],
    // nothing is raised on a day off
    ['2026-12-05T12:00:00Z', 24, 'UTC', MON_FRI, null],
    ['2026-12-06T12:00:00Z', 1, 'UTC', MON_FRI, null],
    // Sunday to Thursday: Thursday 10:00 Jerusalem (08:00 UTC) + 24 h = Sunday 10:00
    ['2026-12-06T08:00:00Z', 24, 'Asia/Jerusalem', SUN_THU, '2026-12-03T08:00:00.000Z'],
    // a week of working time spans the weekend: 5 days × 24 h back from Monday noon
    ['2026-12-07T12:00:00Z', 120, 'UTC', MON_FRI, '2026-11-30T12:00:00.000Z'],
  ] as const)('at %s, %d h in %s', (now, hours, zone, days, cutoff) => {
    expect(iso(workingHoursBefore(new Date(now), hours, zone, days))).toBe(cutoff);
  });

  it('across a DST change the hours are real elapsed hours', () => {
    // Berlin leaves summer time on Sunday 25 Oct 2026; Monday 10:00 CET − 24 working hours = Friday 10:00 CEST
    expect(iso(workingHoursBefore(new Date('2026-10-26T09:00:00Z'), 24, 'Europe/Berlin', MON_FRI))).toBe('2026-10-23T08:00:00.000Z');
  });
});

describe('workMorningOn and snoozeUntil: a snooze comes back with a working morning', () => {
  it.each([
    ['2026-12-04T18:00:00Z', 'UTC', MON_FRI, '2026-12-04T09:00:00.000Z'], // Friday 6 pm: that Friday's morning has passed, so…
    ['2026-12-05T18:00:00Z', 'UTC', MON_FRI, '2026-12-07T09:00:00.000Z'], // Saturday → Monday
    ['2026-12-06T01:00:00Z', 'UTC', MON_FRI, '2026-12-07T09:00:00.000Z'], // Sunday night → Monday
    ['2026-12-05T12:00:00Z', 'Asia/Jerusalem', SUN_THU, '2026-12-06T07:00:00.000Z'], // Saturday → Sunday 09:00 IST
  ] as const)('%s in %s', (at, zone, days, morning) => {
    expect(iso(workMorningOn(new Date(at), zone, days, 9))).toBe(morning);
  });

  it('a week from Friday 6 pm comes back on the next Friday morning, a week from Saturday on the Monday after', () => {
    const team = { timeZone: 'America/New_York', workDays: MON_FRI };
    // Friday 4 Dec, 18:00 New York (23:00 UTC)
    expect(iso(snoozeUntil('week', new Date('2026-12-04T23:00:00Z'), team))).toBe('2026-12-11T14:00:00.000Z');
    // Saturday 5 Dec, 11:00 New York
    expect(iso(snoozeUntil('week', new Date('2026-12-05T16:00:00Z'), team))).toBe('2026-12-14T14:00:00.000Z');
    // a month from 30 Dec 2026 ends Saturday 30 Jan 2027: back on Monday 1 Feb
    expect(iso(snoozeUntil('month', new Date('2026-12-30T15:00:00Z'), team))).toBe('2027-02-01T14:00:00.000Z');
  });
});
