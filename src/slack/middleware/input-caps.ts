// The first middleware: every text in a request (command text, form fields, view metadata,
// button and option values, option queries, event texts) against its cap in INPUT_LIMITS,
// before any listener parses it or the workspace is loaded. Over a cap, the request is
// answered here: a short "that's N characters" for a command or a form field, empty options
// for a picker, a bare ack for a forged button; an oversized event is dropped.
import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { commandTextLimit, INPUT_LIMITS, overCap, tooLongText, type TooLong } from '../../domain/input-limits.ts';
import { decodedLength, MAX_ENCODING_RATIO } from '../../domain/slack-text.ts';
import type { Logger } from '../../log.ts';
import { buildTooLongMessage } from '../../views/errors.ts';
import { ephemeral } from '../reply/answer.ts';

export type Oversize = TooLong & (
  | { kind: 'command'; command: string }
  /** a form field, named by its input block (what `response_action: errors` is keyed by) */
  | { kind: 'field'; blockId: string }
  | { kind: 'options' }
  | { kind: 'other'; where: string }
);

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined);

/** An option's or a selected option's value over Slack's limit. */
function optionValues(el: Obj): TooLong | null {
  const options = [obj(el.selected_option), ...(Array.isArray(el.selected_options) ? el.selected_options.map(obj) : [])];
  for (const o of options) {
    const over = o && overCap(o.value, INPUT_LIMITS.optionValue);
    if (over) return over;
  }
  return null;
}

/** Slack's limit on a block_id: a longer one cannot key a field error. */
const MAX_BLOCK_ID = 255;

/**
 * The first field of a view's state over its cap (typed values, then picked options). Only a
 * submission can answer with a field error; a click inside a modal carries the state too.
 */
function stateOversize(state: unknown, submitted: boolean): Oversize | null {
  const values = obj(obj(state)?.values);
  if (!values) return null;
  for (const [blockId, block] of Object.entries(values)) {
    for (const el of Object.values(obj(block) ?? {})) {
      const e = obj(el);
      if (!e) continue;
      const over = overCap(e.value, INPUT_LIMITS.textField) ?? optionValues(e);
      if (!over) continue;
      return submitted && blockId.length <= MAX_BLOCK_ID ? { kind: 'field', blockId, ...over } : { kind: 'other', where: 'view state', ...over };
    }
  }
  return null;
}

function viewOversize(view: unknown, submitted: boolean): Oversize | null {
  const v = obj(view);
  if (!v) return null;
  const meta = overCap(v.private_metadata, INPUT_LIMITS.privateMetadata);
  if (meta) return { kind: 'other', where: 'private_metadata', ...meta };
  return stateOversize(v.state, submitted);
}

/**
 * A message text over Slack's limit, counted as Slack counts it: decoded (a 40,000-character
 * message full of & arrives as &amp;…, five times longer). Encoded text over five times the
 * limit cannot be one message and is not scanned.
 */
function overMessageCap(text: unknown): TooLong | null {
  if (typeof text !== 'string' || text.length <= INPUT_LIMITS.eventText) return null;
  if (text.length > INPUT_LIMITS.eventText * MAX_ENCODING_RATIO) return { length: text.length, max: INPUT_LIMITS.eventText };
  const length = decodedLength(text);
  return length > INPUT_LIMITS.eventText ? { length, max: INPUT_LIMITS.eventText } : null;
}

/** The first text in a Slack request body that is over its cap, or null when all fit. */
export function findOversize(body: unknown): Oversize | null {
  const b = obj(body);
  if (!b) return null;
  if (typeof b.command === 'string') {
    const over = overCap(b.text, commandTextLimit(b.command));
    return over ? { kind: 'command', command: b.command, ...over } : null;
  }
  switch (b.type) {
    case 'view_submission':
    case 'view_closed':
      return viewOversize(b.view, b.type === 'view_submission');
    case 'block_actions': {
      for (const a of Array.isArray(b.actions) ? b.actions : []) {
        const action = obj(a);
        if (!action) continue;
        const over = overCap(action.value, INPUT_LIMITS.actionValue) ?? optionValues(action);
        if (over) return { kind: 'other', where: 'action value', ...over };
      }
      return viewOversize(b.view, false);
    }
    case 'block_suggestion': {
      const over = overCap(b.value, INPUT_LIMITS.optionsQuery);
      return over ? { kind: 'options', ...over } : null;
    }
    case 'message_action':
      // the message a shortcut was used on is never refused for its length: the shortcut reads
      // only its start (domain/capture.ts shortcutText) and opens the form with it cut, so a
      // rep is never left with nothing; the request body's own limit bounds it (web/verify-slack.ts)
      return null;
    case 'event_callback': {
      const event = obj(b.event);
      const over = overMessageCap(event?.text) ?? overCap(event?.reaction, INPUT_LIMITS.reactionName);
      return over ? { kind: 'other', where: `event ${String(event?.type).slice(0, 40)}`, ...over } : null;
    }
  }
  return null;
}

/**
 * What a request with a text over its cap is acknowledged with: a short "that's N characters"
 * for a command, a field error for a form, no options for a picker, a bare ack otherwise.
 * Used by the HTTP edge (before Bolt parses the body again) and by the Bolt middleware below
 * (Socket Mode has no HTTP edge).
 */
export function oversizeAck(over: Oversize): Record<string, unknown> | undefined {
  if (over.kind === 'command') return ephemeral(buildTooLongMessage(over.command, over)) as Record<string, unknown>;
  if (over.kind === 'field') return { response_action: 'errors', errors: { [over.blockId]: `${tooLongText('this field', over)} Shorten it.` } };
  if (over.kind === 'options') return { options: [] };
  return undefined;
}

type AckArgs = { ack?: (response?: unknown) => Promise<void> };

/** Answers a request with a text over its cap (see the file comment) and stops it there. */
export function capInput(log: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const over = findOversize(args.body);
    if (!over) {
      await args.next();
      return;
    }
    log.warn({ kind: over.kind, length: over.length, max: over.max }, 'refused text over its cap');
    // events were acked by Bolt already (ack is undefined for them)
    await (args as AckArgs).ack?.(oversizeAck(over));
  };
}
