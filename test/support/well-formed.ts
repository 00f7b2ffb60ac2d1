// Whether text sent to Slack is well-formed UTF-16: a name cut with .slice() can end in half
// an emoji (a lone surrogate), which Slack shows as "�" or refuses with the whole message.

// String.prototype.isWellFormed is Node 20's, typed only from lib ES2024 (tsconfig says ES2023)
const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/** Where a payload holds a string with a lone surrogate ("/blocks/1/text/text: \"😀😀\\ud83d: fr\""), none when clean. */
export function illFormed(v: unknown, path = ''): string[] {
  if (typeof v === 'string') {
    if (wellFormed(v)) return [];
    const points = [...v]; // by code point: a lone surrogate is one of its own
    const at = points.findIndex((c) => !wellFormed(c));
    return [`${path}: ${JSON.stringify(points.slice(Math.max(0, at - 10), at + 3).join(''))}`];
  }
  if (Array.isArray(v)) return v.flatMap((x, i) => illFormed(x, `${path}/${i}`));
  if (typeof v === 'object' && v !== null) return Object.entries(v).flatMap(([k, x]) => illFormed(x, `${path}/${k}`));
  return [];
}
