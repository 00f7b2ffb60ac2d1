// Block Kit's limits, checked on a built payload: the one checker behind checkBlockKit (view
// tests call it on every message, modal and Home view) and behind the fake Slack, which answers
// a payload that breaks them as Slack does (invalid_blocks, invalid_arguments,
// msg_blocks_too_long). Test support only: the app never needs it. Figures from Slack's docs
// (docs.slack.dev reference/block-kit and views pages, transcribed with their sources in
// test/fixtures/slack/block-kit-limits.json). Lengths are UTF-16 code units, never fewer than
// the characters Slack counts. What each block, element and composition object may hold is a
// table of rules below; only the rules that tie two fields together are code.

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  /** Slack truncates a message's text past this (it does not refuse it) */
  messageText: 40_000,
  /**
   * The text of all of a message's blocks together. Observed, not documented: Slack answers
   * msg_blocks_too_long for messages whose blocks add up to about 13,200 characters, each block
   * within its own limits (slackapi/bolt-js#2509, block-kit-limits.json message_text.note); the
   * same figure as a markdown block's documented cumulative cap, below what was seen to fail.
   */
  messageBlocksText: 12_000,
  viewBytes: 250_000,
  viewTitle: 24,
  viewSubmit: 24,
  viewClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  blockId: 255,
  actionId: 255,
  text: 3000,
  sectionText: 3000,
  sectionFields: 10,
  sectionField: 2000,
  header: 150,
  contextElements: 10,
  actionsElements: 25,
  buttonText: 75,
  buttonValue: 2000,
  url: 3000,
  accessibilityLabel: 75,
  inputLabel: 2000,
  inputHint: 2000,
  imageAltText: 2000,
  imageTitle: 2000,
  markdownBlockText: 12_000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionGroupLabel: 75,
  options: { static_select: 100, multi_static_select: 100, overflow: 5, checkboxes: 10, radio_buttons: 10 },
  optionGroups: 100,
  optionGroupOptions: 100,
  plainTextInputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

// ---- the rules, as tables

/** What kind of thing sits at a key: a composition object, an element, or a list of one of them. */
type Shape = 'element' | 'contextElement' | 'option' | 'optionGroup' | 'confirm' | 'field';

type Rule =
  | { key: string; is: 'text'; max: number; plain?: boolean; required?: boolean }
  | { key: string; is: 'string'; max: number; required?: boolean }
  | { key: string; is: 'number'; max: number }
  | { key: string; is: 'oneOf'; values: readonly string[] }
  | { key: string; is: 'date' }
  | { key: string; is: 'one'; shape: Shape; required?: boolean }
  | { key: string; is: 'list'; shape: Shape; max: number; min?: number };

const text = (key: string, max: number, o: { plain?: boolean; required?: boolean } = {}): Rule => ({ key, is: 'text', max, ...o });
const string = (key: string, max: number, required = false): Rule => ({ key, is: 'string', max, required });
const one = (key: string, shape: Shape, required = false): Rule => ({ key, is: 'one', shape, required });
const list = (key: string, shape: Shape, max: number, min = 0): Rule => ({ key, is: 'list', shape, max, min });
const PLAIN = { plain: true };
const L = LIMITS;

/** Per block type (every block also has block_id, unique in the payload). */
const BLOCK_RULES: Record<string, Rule[]> = {
  section: [text('text', L.sectionText), list('fields', 'field', L.sectionFields), one('accessory', 'element')],
  header: [text('text', L.header, { plain: true, required: true })],
  context: [list('elements', 'contextElement', L.contextElements, 1)],
  actions: [list('elements', 'element', L.actionsElements, 1)],
  input: [text('label', L.inputLabel, { plain: true, required: true }), text('hint', L.inputHint, PLAIN), one('element', 'element', true)],
  image: [string('image_url', L.url), string('alt_text', L.imageAltText), text('title', L.imageTitle, PLAIN)],
  markdown: [string('text', L.markdownBlockText, true)],
  divider: [],
};

/** Every interactive element (action_id is also unique within its block). */
const ELEMENT_COMMON: Rule[] = [string('action_id', L.actionId), text('placeholder', L.placeholder, PLAIN), one('confirm', 'confirm')];

/** Per element type, on top of ELEMENT_COMMON. */
const ELEMENT_RULES: Record<string, Rule[]> = {
  button: [
    text('text', L.buttonText, { plain: true, required: true }), string('value', L.buttonValue), string('url', L.url),
    string('accessibility_label', L.accessibilityLabel), { key: 'style', is: 'oneOf', values: ['primary', 'danger'] },
  ],
  static_select: [list('options', 'option', L.options.static_select), list('option_groups', 'optionGroup', L.optionGroups), one('initial_option', 'option')],
  multi_static_select: [list('options', 'option', L.options.multi_static_select), list('option_groups', 'optionGroup', L.optionGroups), list('initial_options', 'option', L.options.multi_static_select)],
  external_select: [one('initial_option', 'option')],
  multi_external_select: [list('initial_options', 'option', L.options.multi_static_select)],
  overflow: [list('options', 'option', L.options.overflow, 1)],
  checkboxes: [list('options', 'option', L.options.checkboxes, 1), list('initial_options', 'option', L.options.checkboxes)],
  radio_buttons: [list('options', 'option', L.options.radio_buttons, 1), one('initial_option', 'option')],
  plain_text_input: [{ key: 'min_length', is: 'number', max: L.plainTextInputLength }, { key: 'max_length', is: 'number', max: L.plainTextInputLength }, string('initial_value', L.plainTextInputLength)],
  datepicker: [{ key: 'initial_date', is: 'date' }],
  image: [string('image_url', L.url), string('alt_text', L.imageAltText)],
};

/** Composition objects. */
const SHAPE_RULES: Record<'option' | 'optionGroup' | 'confirm', Rule[]> = {
  option: [text('text', L.optionText, { required: true }), string('value', L.optionValue, true), text('description', L.optionDescription), string('url', L.url)],
  optionGroup: [text('label', L.optionGroupLabel, { plain: true, required: true }), list('options', 'option', L.optionGroupOptions, 1)],
  confirm: [text('title', L.confirmTitle, PLAIN), text('text', L.confirmText), text('confirm', L.confirmButton, PLAIN), text('deny', L.confirmButton, PLAIN)],
};

/** A view's own fields, by surface. */
const VIEW_RULES: Record<'modal' | 'home', Rule[]> = {
  modal: [
    text('title', L.viewTitle, { plain: true, required: true }), text('submit', L.viewSubmit, PLAIN), text('close', L.viewClose, PLAIN),
    string('private_metadata', L.privateMetadata), string('callback_id', L.callbackId),
  ],
  home: [string('private_metadata', L.privateMetadata), string('callback_id', L.callbackId)],
};

// ---- the walk

/**
 * One broken limit. `problem` is worded as Slack words it ("must be less than 3001 characters");
 * `pointer` is a JSON pointer into the payload; `detail` says by how much, for a reader.
 * `kind` is how Slack answers it: refused as invalid, the whole message's text too long, or
 * (a message's text) truncated rather than refused.
 */
export type Violation = { pointer: string; problem: string; detail?: string; kind: 'invalid' | 'blocks_too_long' | 'view_too_large' | 'truncated' };

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

class Walk {
  readonly out: Violation[] = [];
  /** the text of every text object and markdown block seen in blocks */
  blocksText = 0;
  private actionIds = new Set<string>();

  constructor(readonly surface: Surface) {}

  bad(pointer: string, problem: string, detail?: string): void {
    this.out.push({ pointer, problem, ...(detail ? { detail } : {}), kind: 'invalid' });
  }

  rules(at: string, o: Obj, rules: readonly Rule[]): void {
    for (const r of rules) {
      const v = o[r.key];
      const p = `${at}/${r.key}`;
      switch (r.is) {
        case 'text':
          if (v === undefined) {
            if (r.required) this.bad(at, `missing required field: ${r.key}`);
          } else this.textObject(p, v, r.max, r.plain ?? false);
          break;
        case 'string':
          if (v === undefined) {
            if (r.required) this.bad(at, `missing required field: ${r.key}`);
          } else if (typeof v !== 'string') this.bad(p, 'must be a string');
          else this.tooLong(p, v, r.max);
          break;
        case 'number':
          if (typeof v === 'number' && v > r.max) this.bad(p, `must be no more than ${r.max}`, `is ${v}`);
          break;
        case 'oneOf':
          if (v !== undefined && !r.values.includes(v as string)) this.bad(p, `must be one of ${r.values.join(', ')}`);
          break;
        case 'date':
          if (v !== undefined && !(typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v))) this.bad(p, 'must be a date as YYYY-MM-DD');
          break;
        case 'one':
          if (v === undefined) {
            if (r.required) this.bad(at, `missing required field: ${r.key}`);
          } else this.shape(p, r.shape, v);
          break;
        case 'list': {
          if (v === undefined) break;
          if (!Array.isArray(v)) {
            this.bad(p, 'must be an array');
            break;
          }
          if (v.length > r.max) this.bad(p, `no more than ${r.max} items allowed`, `${v.length} items`);
          if (v.length < (r.min ?? 0)) this.bad(p, `must provide at least ${r.min} item${r.min === 1 ? '' : 's'}`);
          v.forEach((x, i) => this.shape(`${p}/${i}`, r.shape, x));
          break;
        }
      }
    }
  }

  tooLong(pointer: string, s: string, max: number): void {
    if (s.length > max) this.bad(pointer, `must be less than ${max + 1} characters`, `is ${s.length}`);
  }

  textObject(p: string, v: unknown, max: number, plain: boolean): void {
    if (!isObj(v)) return this.bad(p, 'must be a text object');
    const type = str(v.type);
    if (plain && type !== 'plain_text') this.bad(p, 'must be a plain_text text object');
    else if (type !== 'plain_text' && type !== 'mrkdwn') this.bad(`${p}/type`, 'must be plain_text or mrkdwn');
    const s = str(v.text);
    if (s === undefined || s.length === 0) this.bad(`${p}/text`, 'must be more than 0 characters');
    else {
      this.tooLong(`${p}/text`, s, max);
      this.blocksText += s.length;
    }
  }

  shape(at: string, shape: Shape, v: unknown): void {
    switch (shape) {
      case 'field': return this.textObject(at, v, L.sectionField, false);
      case 'contextElement':
        // a context holds text objects and image elements
        if (isObj(v) && (v.type === 'plain_text' || v.type === 'mrkdwn')) return this.textObject(at, v, L.text, false);
        return this.element(at, v);
      case 'element': return this.element(at, v);
      default:
        if (!isObj(v)) return this.bad(at, 'must provide an object');
        return this.rules(at, v, SHAPE_RULES[shape]);
    }
  }

  element(at: string, el: unknown): void {
    if (!isObj(el) || typeof el.type !== 'string') return this.bad(at, 'missing required field: type');
    const actionId = str(el.action_id);
    if (actionId !== undefined) {
      if (this.actionIds.has(actionId)) this.bad(`${at}/action_id`, `duplicate action_id: ${actionId.slice(0, 60)}`);
      this.actionIds.add(actionId);
    }
    this.rules(at, el, [...ELEMENT_COMMON, ...(ELEMENT_RULES[el.type] ?? [])]);
    if (el.type === 'plain_text_input' && typeof el.max_length === 'number') {
      const v = str(el.initial_value);
      if (v !== undefined && v.length > el.max_length) this.bad(`${at}/initial_value`, `must be less than ${el.max_length + 1} characters`, `is ${v.length}`);
    }
  }

  block(at: string, b: unknown, blockIds: Set<string>): void {
    if (!isObj(b) || typeof b.type !== 'string') return this.bad(at, 'missing required field: type');
    const blockId = str(b.block_id);
    if (blockId !== undefined) {
      this.tooLong(`${at}/block_id`, blockId, L.blockId);
      if (blockIds.has(blockId)) this.bad(`${at}/block_id`, `duplicate block_id: ${blockId.slice(0, 60)}`);
      blockIds.add(blockId);
    }
    this.actionIds = new Set(); // action ids are unique within their block
    if (b.type === 'section' && b.text === undefined && b.fields === undefined) this.bad(at, 'must provide text or fields');
    if (b.type === 'markdown') {
      if (this.surface !== 'message') this.bad(at, 'markdown blocks are only supported in messages');
      this.blocksText += str(b.text)?.length ?? 0;
    }
    this.rules(at, b, BLOCK_RULES[b.type] ?? []);
  }

  blocks(at: string, blocks: unknown): void {
    if (!Array.isArray(blocks)) return this.bad(at, 'must be an array');
    const max = L.blocks[this.surface];
    if (blocks.length > max) this.bad(at, `no more than ${max} items allowed`, `${blocks.length} blocks in a ${this.surface}`);
    const ids = new Set<string>();
    blocks.forEach((b, i) => this.block(`${at}/${i}`, b, ids));
  }
}

/**
 * Every limit a message (`{ text?, blocks? }` or a bare blocks array), a modal or a Home view
 * breaks. `root` prefixes the pointers (the fake Slack passes '/view' for a view argument).
 */
export function blockKitViolations(surface: Surface, payload: unknown, root = ''): Violation[] {
  const w = new Walk(surface);
  if (Array.isArray(payload)) payload = { blocks: payload };
  if (!isObj(payload)) return [{ pointer: root || '/', problem: 'must provide an object', kind: 'invalid' }];
  if (surface === 'message') {
    if (payload.blocks !== undefined) w.blocks(`${root}/blocks`, payload.blocks);
    if (payload.text === undefined && payload.blocks === undefined) w.bad(root || '/', 'must provide text or blocks');
    const t = str(payload.text);
    if (t !== undefined && t.length > L.messageText) w.out.push({ pointer: `${root}/text`, problem: `is truncated after ${L.messageText} characters`, detail: `is ${t.length}`, kind: 'truncated' });
    if (w.blocksText > L.messageBlocksText) {
      w.out.push({ pointer: `${root}/blocks`, problem: `blocks' text must be less than ${L.messageBlocksText + 1} characters in all`, detail: `is ${w.blocksText}`, kind: 'blocks_too_long' });
    }
    return w.out;
  }
  const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes > L.viewBytes) w.out.push({ pointer: root || '/', problem: `must be less than about ${L.viewBytes} bytes`, detail: `is ${bytes}`, kind: 'view_too_large' });
  if (payload.type !== surface) w.bad(`${root}/type`, `must be '${surface}'`);
  if (payload.blocks === undefined) w.bad(root || '/', 'missing required field: blocks');
  else w.blocks(`${root}/blocks`, payload.blocks);
  w.rules(root, payload, VIEW_RULES[surface]);
  const hasInput = Array.isArray(payload.blocks) && payload.blocks.some((b) => isObj(b) && b.type === 'input');
  if (surface === 'modal' && hasInput && payload.submit === undefined) w.bad(`${root}/submit`, 'must provide submit when the view contains input blocks');
  return w.out;
}

/**
 * Check a message, a modal or a Home view against Block Kit's limits. One readable line per
 * problem ("/blocks/3/text/text: must be less than 3001 characters (is 3004)"); [] when valid.
 */
export function checkBlockKit(surface: Surface, payload: unknown): string[] {
  return blockKitViolations(surface, payload).map((v) => `${v.pointer}: ${v.problem}${v.detail ? ` (${v.detail})` : ''}`);
}

/** The line Slack's response_metadata.messages carries for one violation. */
export function slackErrorLine(v: Violation): string {
  return `[ERROR] ${v.problem} [json-pointer:${v.pointer}]`;
}
