// Slack's Block Kit limits that Tend's messages and views are built within, in one place, and
// the one way a builder cuts a list to fit them. Figures from Slack's Block Kit reference
// (docs.slack.dev/reference/block-kit); lengths are UTF-16 code units (`.length`), never fewer
// than the characters Slack counts. Pure.

export const BLOCK_KIT = {
  /** blocks in one message */
  messageBlocks: 50,
  /** blocks in a modal or the Home tab */
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  contextElements: 10,
  headerText: 150,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  selectOptions: 100,
  optionText: 75,
  optionValue: 150,
  /** a message's top-level text: Slack truncates it past this */
  messageText: 40_000,
  /**
   * The text of all of a message's blocks together. Observed, not documented: Slack answers
   * msg_blocks_too_long (a message failure, given up: domain/slack-errors.ts) for messages
   * whose blocks add up to about 13,000 characters though each block is within its own limits
   * (slackapi/bolt-js#2509). 12,000 keeps clear of it.
   */
  messageBlocksText: 12_000,
} as const;

/**
 * What a block (or any part of one) adds toward messageBlocksText: the text of every text
 * object and markdown block in it.
 */
export function blockTextLength(v: unknown): number {
  if (Array.isArray(v)) return v.reduce((sum: number, x) => sum + blockTextLength(x), 0);
  if (typeof v !== 'object' || v === null) return 0;
  let sum = 0;
  for (const [k, x] of Object.entries(v)) sum += k === 'text' && typeof x === 'string' ? x.length : blockTextLength(x);
  return sum;
}

/** How many of `items`, from the first, fit in `budget` when each costs `cost(item)`. */
export function howManyFit<T>(items: readonly T[], cost: (item: T) => number, budget: number): number {
  let used = 0;
  for (let i = 0; i < items.length; i++) {
    used += cost(items[i]!);
    if (used > budget) return i;
  }
  return items.length;
}
