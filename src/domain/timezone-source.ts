// Who chose a workspace's timezone, and who may replace it. A new workspace starts on UTC
// ('default'); the installer's own timezone replaces that, else the first member Slack gives
// one for; a manager's choice in /tend settings is final. Pure: data/workspaces.ts applies it.

export const TIMEZONE_SOURCES = ['default', 'member', 'installer', 'settings'] as const;
export type TimezoneSource = (typeof TIMEZONE_SOURCES)[number];

/** The sources a timezone from `from` may replace: only weaker ones, and never a manager's. */
export function replaceableBy(from: TimezoneSource): TimezoneSource[] {
  switch (from) {
    case 'settings': return ['default', 'member', 'installer', 'settings'];
    case 'installer': return ['default', 'member'];
    // the first member wins: a later one's timezone does not move the whole workspace
    case 'member': return ['default'];
    case 'default': return [];
  }
}
