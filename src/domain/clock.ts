// Local dates and times in a workspace's IANA timezone, from an instant. DST-safe because
// Intl does the conversion; no arithmetic on offsets.

export type LocalTime = { date: string; hour: number; minute: number; weekday: number };

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric', month: '2-digit', day: '2-digit',
      hour: '2-digit', minute: '2-digit', weekday: 'short', hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export function isValidTimezone(tz: string): boolean {
  try {
    formatter(tz);
    return true;
  } catch {
    return false;
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

export function localTime(instant: Date, timeZone: string): LocalTime {
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(instant).map((p) => [p.type, p.value]));
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    weekday: WEEKDAYS.indexOf(String(parts.weekday)),
  };
}

/** "09:30" → minutes after midnight; null when malformed. */
export function parseClock(hhmm: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(hhmm.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

/**
 * True when the local clock has reached `hhmm` today. A tick that was missed (restart,
 * downtime) still finds the job due later the same local day; the next day starts afresh,
 * so yesterday's job is never sent tomorrow.
 */
export function isDue(instant: Date, timeZone: string, hhmm: string): { due: boolean; localDate: string } {
  const t = localTime(instant, timeZone);
  const at = parseClock(hhmm) ?? 9 * 60;
  return { due: t.hour * 60 + t.minute >= at, localDate: t.date };
}
