// How much text Tend reads from each thing Slack sends, checked before any parsing: an
// over-long command costs a length check and a short answer, never a parse, a database call
// or an echo of the text. The caps come from Slack's own limits and from the longest text
// each grammar can accept (a test builds those longest valid inputs and checks they fit).

/** Caps in UTF-16 code units (`.length`), never less than what Slack counts. */
export const INPUT_LIMITS = {
  /**
   * Slash command text, by command. Slack lets a typed command run to a message's 40,000
   * characters; Tend's grammars need far less. /log: a 3,000-char summary and a 3,000-char
   * next step (the log form's own limits), an account name, markers and spacing.
   */
  commands: { '/log': 8_000, '/account': 4_000, '/tend': 2_000, '/nudges': 100 } as Record<string, number>,
  /** a command not listed above */
  otherCommand: 4_000,
  /** a plain_text_input's value: Slack's ceiling for max_length */
  textField: 3_000,
  /** a view's private_metadata: Slack's limit */
  privateMetadata: 3_000,
  /** a button's value: Slack's limit */
  actionValue: 2_000,
  /** an option's value (selects, radio buttons, overflow): Slack's limit */
  optionValue: 150,
  /** what is typed into an external select: Slack's option-text limit (75) with room; no name is longer than 150 */
  optionsQuery: 150,
  /** an event's message text: Slack's message limit */
  eventText: 40_000,
  /** an emoji name in a reaction event */
  reactionName: 100,
} as const;

/** The cap on a slash command's text. */
export function commandTextLimit(command: string): number {
  return Object.hasOwn(INPUT_LIMITS.commands, command) ? INPUT_LIMITS.commands[command]! : INPUT_LIMITS.otherCommand;
}

/** How long a text is and the cap it broke; null when it fits. */
export type TooLong = { length: number; max: number };

export function overCap(text: unknown, max: number): TooLong | null {
  return typeof text === 'string' && text.length > max ? { length: text.length, max } : null;
}

/** One line for text over its cap: how long it was and the cap, none of the text itself. */
export function tooLongText(what: string, t: TooLong): string {
  return `That's ${t.length.toLocaleString('en-US')} characters; ${what} takes up to ${t.max.toLocaleString('en-US')}.`;
}
