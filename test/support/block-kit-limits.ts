// Block Kit's hard limits, checked on a built payload. Tests call checkBlockKit on every
// message, modal and home view the app builds (test support: the app itself never needs it). Figures from Slack's docs (docs.slack.dev
// reference/block-kit and views pages, as transcribed in test/fixtures/slack/block-kit-limits.json).
// Lengths are UTF-16 code units, never fewer than the characters Slack counts.

export type Surface = 'message' | 'modal' | 'home';

export const LIMITS = {
  blocks: { message: 50, modal: 100, home: 100 },
  messageText: 40_000,
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
  markdownCumulative: 12_000,
  placeholder: 150,
  optionText: 75,
  optionValue: 150,
  optionDescription: 75,
  optionGroupLabel: 75,
  options: { static_select: 100, multi_static_select: 100, overflow: 5, checkboxes: 10, radio_buttons: 10 } as Record<string, number>,
  optionGroups: 100,
  plainTextInputLength: 3000,
  confirmTitle: 100,
  confirmText: 300,
  confirmButton: 30,
} as const;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

class Checker {
  readonly out: string[] = [];
  markdownTotal = 0;

  add(where: string, msg: string): void {
    this.out.push(`${where}: ${msg}`);
  }

  maxLen(where: string, field: string, v: unknown, max: number): void {
    const s = str(v);
    if (s !== undefined && s.length > max) this.add(where, `${field} is ${s.length} chars, max ${max}`);
  }

  /** A text object: type, non-empty, within `max`; `plainOnly` when mrkdwn is not allowed. */
  text(where: string, field: string, v: unknown, max: number, plainOnly = false): void {
    if (v === undefined) return;
    if (!isObj(v)) return this.add(where, `${field} must be a text object`);
    const type = str(v.type);
    if (type !== 'plain_text' && type !== 'mrkdwn') this.add(where, `${field}.type must be plain_text or mrkdwn`);
    else if (plainOnly && type !== 'plain_text') this.add(where, `${field} must be plain_text`);
    const s = str(v.text);
    if (s === undefined || s.length === 0) this.add(where, `${field}.text must not be empty`);
    else if (s.length > max) this.add(where, `${field}.text is ${s.length} chars, max ${max}`);
  }

  confirm(where: string, v: unknown): void {
    if (v === undefined) return;
    if (!isObj(v)) return this.add(where, 'confirm must be an object');
    this.text(where, 'confirm.title', v.title, LIMITS.confirmTitle, true);
    this.text(where, 'confirm.text', v.text, LIMITS.confirmText);
    this.text(where, 'confirm.confirm', v.confirm, LIMITS.confirmButton, true);
    this.text(where, 'confirm.deny', v.deny, LIMITS.confirmButton, true);
  }

  option(where: string, v: unknown): void {
    if (!isObj(v)) return this.add(where, 'option must be an object');
    this.text(where, 'option.text', v.text, LIMITS.optionText);
    const value = str(v.value);
    if (value === undefined) this.add(where, 'option.value is required');
    else this.maxLen(where, 'option.value', value, LIMITS.optionValue);
    this.text(where, 'option.description', v.description, LIMITS.optionDescription);
    this.maxLen(where, 'option.url', v.url, LIMITS.url);
  }

  element(where: string, el: unknown, actionIds: Set<string>): void {
    if (!isObj(el)) return this.add(where, 'element must be an object');
    const type = str(el.type) ?? '?';
    const at = `${where} (${type})`;
    const actionId = str(el.action_id);
    if (actionId !== undefined) {
      this.maxLen(at, 'action_id', actionId, LIMITS.actionId);
      if (actionIds.has(actionId)) this.add(at, `action_id "${actionId.slice(0, 60)}" is repeated in the block`);
      actionIds.add(actionId);
    }
    this.text(at, 'placeholder', el.placeholder, LIMITS.placeholder, true);
    this.confirm(at, el.confirm);
    switch (type) {
      case 'button':
        this.text(at, 'text', el.text, LIMITS.buttonText, true);
        this.maxLen(at, 'value', el.value, LIMITS.buttonValue);
        this.maxLen(at, 'url', el.url, LIMITS.url);
        this.maxLen(at, 'accessibility_label', el.accessibility_label, LIMITS.accessibilityLabel);
        if (el.style !== undefined && el.style !== 'primary' && el.style !== 'danger') this.add(at, 'style must be primary or danger');
        break;
      case 'plain_text_input': {
        for (const k of ['min_length', 'max_length'] as const) {
          const n = el[k];
          if (typeof n === 'number' && n > LIMITS.plainTextInputLength) this.add(at, `${k} is ${n}, max ${LIMITS.plainTextInputLength}`);
        }
        const max = typeof el.max_length === 'number' ? el.max_length : LIMITS.plainTextInputLength;
        this.maxLen(at, 'initial_value', el.initial_value, max);
        break;
      }
      case 'datepicker': {
        const d = el.initial_date;
        if (d !== undefined && !(typeof d === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(d))) this.add(at, 'initial_date must be YYYY-MM-DD');
        break;
      }
      case 'image':
        this.maxLen(at, 'alt_text', el.alt_text, LIMITS.imageAltText);
        this.maxLen(at, 'image_url', el.image_url, LIMITS.url);
        break;
    }
    const maxOptions = LIMITS.options[type];
    if (Array.isArray(el.options)) {
      if (maxOptions !== undefined && el.options.length > maxOptions) this.add(at, `${el.options.length} options, max ${maxOptions}`);
      if (el.options.length === 0 && maxOptions !== undefined) this.add(at, 'options must not be empty');
      el.options.forEach((o, i) => this.option(`${at} options[${i}]`, o));
    }
    if (Array.isArray(el.option_groups)) {
      if (el.option_groups.length > LIMITS.optionGroups) this.add(at, `${el.option_groups.length} option_groups, max ${LIMITS.optionGroups}`);
      el.option_groups.forEach((g, i) => {
        if (!isObj(g)) return this.add(at, `option_groups[${i}] must be an object`);
        this.text(`${at} option_groups[${i}]`, 'label', g.label, LIMITS.optionGroupLabel, true);
        const opts = Array.isArray(g.options) ? g.options : [];
        if (opts.length > 100) this.add(at, `option_groups[${i}] has ${opts.length} options, max 100`);
        opts.forEach((o, j) => this.option(`${at} option_groups[${i}].options[${j}]`, o));
      });
    }
    if (el.initial_option !== undefined) this.option(`${at} initial_option`, el.initial_option);
    if (Array.isArray(el.initial_options)) el.initial_options.forEach((o, i) => this.option(`${at} initial_options[${i}]`, o));
  }

  block(where: string, b: unknown, blockIds: Set<string>): void {
    if (!isObj(b)) return this.add(where, 'block must be an object');
    const type = str(b.type) ?? '?';
    const at = `${where} (${type})`;
    const blockId = str(b.block_id);
    if (blockId !== undefined) {
      this.maxLen(at, 'block_id', blockId, LIMITS.blockId);
      if (blockIds.has(blockId)) this.add(at, `block_id "${blockId.slice(0, 60)}" is not unique`);
      blockIds.add(blockId);
    }
    const actionIds = new Set<string>();
    switch (type) {
      case 'section': {
        if (b.text === undefined && b.fields === undefined) this.add(at, 'needs text or fields');
        this.text(at, 'text', b.text, LIMITS.sectionText);
        if (b.fields !== undefined) {
          if (!Array.isArray(b.fields)) this.add(at, 'fields must be an array');
          else {
            if (b.fields.length > LIMITS.sectionFields) this.add(at, `${b.fields.length} fields, max ${LIMITS.sectionFields}`);
            b.fields.forEach((f, i) => this.text(at, `fields[${i}]`, f, LIMITS.sectionField));
          }
        }
        if (b.accessory !== undefined) this.element(`${at} accessory`, b.accessory, actionIds);
        break;
      }
      case 'header':
        if (b.text === undefined) this.add(at, 'needs text');
        this.text(at, 'text', b.text, LIMITS.header, true);
        break;
      case 'context': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0) this.add(at, 'needs at least one element');
        if (els.length > LIMITS.contextElements) this.add(at, `${els.length} elements, max ${LIMITS.contextElements}`);
        els.forEach((e, i) => {
          if (isObj(e) && (e.type === 'plain_text' || e.type === 'mrkdwn')) this.text(at, `elements[${i}]`, e, LIMITS.text);
          else this.element(`${at} elements[${i}]`, e, actionIds);
        });
        break;
      }
      case 'actions': {
        const els = Array.isArray(b.elements) ? b.elements : [];
        if (els.length === 0) this.add(at, 'needs at least one element');
        if (els.length > LIMITS.actionsElements) this.add(at, `${els.length} elements, max ${LIMITS.actionsElements}`);
        els.forEach((e, i) => this.element(`${at} elements[${i}]`, e, actionIds));
        break;
      }
      case 'input':
        if (b.label === undefined) this.add(at, 'needs a label');
        this.text(at, 'label', b.label, LIMITS.inputLabel, true);
        this.text(at, 'hint', b.hint, LIMITS.inputHint, true);
        if (b.element === undefined) this.add(at, 'needs an element');
        else this.element(`${at} element`, b.element, actionIds);
        break;
      case 'image':
        this.maxLen(at, 'alt_text', b.alt_text, LIMITS.imageAltText);
        this.maxLen(at, 'image_url', b.image_url, LIMITS.url);
        this.text(at, 'title', b.title, LIMITS.imageTitle, true);
        break;
      case 'markdown': {
        const s = str(b.text) ?? '';
        if (s.length > LIMITS.markdownBlockText) this.add(at, `text is ${s.length} chars, max ${LIMITS.markdownBlockText}`);
        this.markdownTotal += s.length;
        break;
      }
    }
  }

  blocks(surface: Surface, blocks: unknown): void {
    if (blocks === undefined) return;
    if (!Array.isArray(blocks)) return this.add('blocks', 'must be an array');
    const max = LIMITS.blocks[surface];
    if (blocks.length > max) this.add('blocks', `${blocks.length} blocks, max ${max} in a ${surface}`);
    const ids = new Set<string>();
    blocks.forEach((b, i) => this.block(`blocks[${i}]`, b, ids));
    if (this.markdownTotal > LIMITS.markdownCumulative) {
      this.add('blocks', `markdown blocks total ${this.markdownTotal} chars, max ${LIMITS.markdownCumulative}`);
    }
  }
}

/**
 * Check a message (`{ text?, blocks? }` or a bare blocks array), a modal or a home view
 * against Block Kit's limits. Returns one readable violation per problem; [] when valid.
 */
export function checkBlockKit(surface: Surface, payload: unknown): string[] {
  const c = new Checker();
  if (Array.isArray(payload)) {
    c.blocks(surface, payload);
    return c.out;
  }
  if (!isObj(payload)) return ['payload: must be an object or a blocks array'];
  c.blocks(surface, payload.blocks);
  if (surface === 'message') {
    c.maxLen('message', 'text', payload.text, LIMITS.messageText);
    if (payload.text === undefined && payload.blocks === undefined) c.add('message', 'needs text or blocks');
    return c.out;
  }
  const expected = surface === 'modal' ? 'modal' : 'home';
  if (payload.type !== expected) c.add('view', `type must be "${expected}"`);
  c.maxLen('view', 'private_metadata', payload.private_metadata, LIMITS.privateMetadata);
  c.maxLen('view', 'callback_id', payload.callback_id, LIMITS.callbackId);
  const bytes = Buffer.byteLength(JSON.stringify(payload), 'utf8');
  if (bytes > LIMITS.viewBytes) c.add('view', `${bytes} bytes, max about ${LIMITS.viewBytes}`);
  if (surface === 'modal') {
    if (payload.title === undefined) c.add('view', 'modal needs a title');
    c.text('view', 'title', payload.title, LIMITS.viewTitle, true);
    c.text('view', 'submit', payload.submit, LIMITS.viewSubmit, true);
    c.text('view', 'close', payload.close, LIMITS.viewClose, true);
    const hasInput = Array.isArray(payload.blocks) && payload.blocks.some((b) => isObj(b) && b.type === 'input');
    if (hasInput && payload.submit === undefined) c.add('view', 'a modal with input blocks needs submit');
  }
  return c.out;
}
