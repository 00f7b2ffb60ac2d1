// Reading Block Kit payloads in view tests: where Slack would render mrkdwn (and so ping or
// link), and whether any "<" or ">" escaped the views' escaping.

/** Every mrkdwn string in a payload. */
export function mrkdwnTexts(v: unknown): string[] {
  if (Array.isArray(v)) return v.flatMap(mrkdwnTexts);
  if (typeof v !== 'object' || v === null) return [];
  const o = v as Record<string, unknown>;
  const own = o.type === 'mrkdwn' && typeof o.text === 'string' ? [o.text] : [];
  return [...own, ...Object.values(o).flatMap(mrkdwnTexts)];
}

/** A "<" or ">" other than the tokens the views emit on purpose (user mentions, dates). */
export function rawAngles(text: string): boolean {
  return /[<>]/.test(text.replace(/<@[UW][A-Z0-9]+>|<!date\^\d+\^\{date_short\}\|[\d-]+>/g, ''));
}
