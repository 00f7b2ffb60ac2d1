// Builds and signs requests the way Slack sends them to the app: slash commands and
// interactions as application/x-www-form-urlencoded, Events API callbacks as JSON, signed
// with v0 HMAC-SHA256 (see test/fixtures/slack/signing). Payload factories are
// modelled on the real payloads in test/fixtures/slack/payloads.
import { createHmac, randomBytes } from 'node:crypto';

export type SlackSignatureHeaders = { 'x-slack-request-timestamp': string; 'x-slack-signature': string };

export const nowSec = (): number => Math.floor(Date.now() / 1000);

/** v0 signature: `v0=` + lower-hex HMAC-SHA256(secret, `v0:${ts}:${body}`). */
export function signSlackRequest(secret: string, rawBody: string, timestampSec: number = nowSec()): SlackSignatureHeaders {
  const ts = String(Math.floor(timestampSec));
  const sig = createHmac('sha256', secret).update(`v0:${ts}:${rawBody}`, 'utf8').digest('hex');
  return { 'x-slack-request-timestamp': ts, 'x-slack-signature': `v0=${sig}` };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
function randomId(prefix: string, len = 10): string {
  let s = prefix;
  for (const b of randomBytes(len)) s += ALNUM[b % ALNUM.length];
  return s;
}

/** A Slack-style ts ("1763900000.000100") for a time in ms. */
export function slackTs(ms: number = Date.now()): string {
  const micros = Math.floor(ms * 1000);
  return `${Math.floor(micros / 1e6)}.${String(micros % 1e6).padStart(6, '0')}`;
}

/** A trigger_id shaped like Slack's ("398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c"). */
export function triggerId(): string {
  return `${Date.now()}${Math.floor(Math.random() * 10)}.${Math.floor(Math.random() * 1e11)}.${randomBytes(16).toString('hex')}`;
}

// ---------------------------------------------------------------- slash commands

export type SlashCommandFields = {
  command: string;
  text: string;
  team_id: string;
  user_id: string;
  channel_id: string;
  response_url: string;
  trigger_id: string;
  /** deprecated verification token Slack still sends; default 'verification_token' */
  token?: string;
  team_domain?: string;
  channel_name?: string;
  user_name?: string;
  /** default 'A0TENDAPP1'; null leaves the field out (older payloads, e.g. the signing example) */
  api_app_id?: string | null;
  /** default 'false'; null leaves the field out */
  is_enterprise_install?: boolean | 'true' | 'false' | null;
  enterprise_id?: string;
  enterprise_name?: string;
  /** anything else is appended after trigger_id */
  [extra: string]: string | boolean | null | undefined;
};

const SLASH_ORDER = [
  'token',
  'team_id',
  'team_domain',
  'channel_id',
  'channel_name',
  'user_id',
  'user_name',
  'command',
  'text',
  'api_app_id',
  'is_enterprise_install',
  'enterprise_id',
  'enterprise_name',
  'response_url',
  'trigger_id',
] as const;

/**
 * The form body of a slash command, fields in Slack's order and encoding
 * (reproduces payloads/slash_command.*.form.txt byte for byte).
 */
export function slashCommandBody(fields: SlashCommandFields): string {
  const withDefaults: Record<string, string | boolean | null | undefined> = {
    token: 'verification_token',
    team_domain: 'tend-test',
    channel_name: 'general',
    user_name: fields.user_id.toLowerCase(),
    api_app_id: 'A0TENDAPP1',
    is_enterprise_install: 'false',
    ...fields,
  };
  const form = new URLSearchParams();
  const put = (k: string) => {
    const v = withDefaults[k];
    if (v === undefined || v === null) return;
    form.append(k, String(v));
  };
  for (const k of SLASH_ORDER) put(k);
  for (const k of Object.keys(fields)) if (!(SLASH_ORDER as readonly string[]).includes(k)) put(k);
  return form.toString();
}

// ---------------------------------------------------------------- interactions

/** `payload=<urlencoded JSON>`, as Slack posts block_actions, view_submission, block_suggestion... */
export function interactionBody(payload: unknown): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

export type SlackUserRef = { id: string; username: string; name: string; team_id: string };
export type SlackTeamRef = { id: string; domain: string; enterprise_id?: string; enterprise_name?: string };
export type PlainText = { type: 'plain_text'; text: string; emoji?: boolean };

export type CommonInteractionOpts = {
  userId?: string;
  userName?: string;
  teamId?: string;
  teamDomain?: string;
  enterpriseId?: string;
  enterpriseName?: string;
  apiAppId?: string;
  token?: string;
  triggerId?: string;
};

function userRef(o: CommonInteractionOpts): SlackUserRef {
  const id = o.userId ?? 'U0ALICE001';
  const name = o.userName ?? id.toLowerCase();
  return { id, username: name, name, team_id: o.teamId ?? 'T0TEND0001' };
}

function teamRef(o: CommonInteractionOpts): SlackTeamRef {
  return {
    id: o.teamId ?? 'T0TEND0001',
    domain: o.teamDomain ?? 'tend-test',
    ...(o.enterpriseId ? { enterprise_id: o.enterpriseId, enterprise_name: o.enterpriseName ?? 'Enterprise' } : {}),
  };
}

function enterpriseRef(o: CommonInteractionOpts): { id: string; name: string } | null {
  return o.enterpriseId ? { id: o.enterpriseId, name: o.enterpriseName ?? 'Enterprise' } : null;
}

export type BlockAction = {
  action_id: string;
  block_id: string;
  type: string;
  action_ts: string;
  value?: string;
  text?: PlainText;
  selected_option?: { text: PlainText; value: string };
  selected_options?: Array<{ text: PlainText; value: string }>;
  selected_user?: string;
  selected_conversation?: string;
  selected_channel?: string;
  selected_date?: string;
  [k: string]: unknown;
};

export type ViewState = { values: Record<string, Record<string, Record<string, unknown>>> };

export type SlackViewPayload = {
  id: string;
  team_id: string;
  type: 'modal' | 'home';
  blocks: unknown[];
  private_metadata: string;
  callback_id: string;
  state: ViewState;
  hash: string;
  title: PlainText | null;
  clear_on_close: boolean;
  notify_on_close: boolean;
  close: PlainText | null;
  submit: PlainText | null;
  previous_view_id: string | null;
  root_view_id: string;
  app_id: string;
  external_id: string;
  app_installed_team_id: string;
  bot_id: string;
};

export type BlockActionsPayload = {
  type: 'block_actions';
  user: SlackUserRef;
  api_app_id: string;
  token: string;
  container: Record<string, unknown>;
  trigger_id: string;
  team: SlackTeamRef;
  enterprise: { id: string; name: string } | null;
  is_enterprise_install: boolean;
  channel?: { id: string; name: string };
  message?: Record<string, unknown>;
  view?: SlackViewPayload;
  state?: ViewState;
  response_url?: string;
  actions: BlockAction[];
};

export type ViewOpts = {
  viewId?: string;
  viewType?: 'modal' | 'home';
  callbackId?: string;
  privateMetadata?: string;
  externalId?: string;
  blocks?: unknown[];
  values?: ViewState['values'];
  title?: string;
  hash?: string;
  previousViewId?: string | null;
  rootViewId?: string;
  botId?: string;
};

function viewPayload(o: ViewOpts & CommonInteractionOpts): SlackViewPayload {
  const id = o.viewId ?? randomId('V', 10);
  const type = o.viewType ?? 'modal';
  return {
    id,
    team_id: o.teamId ?? 'T0TEND0001',
    type,
    blocks: o.blocks ?? [],
    private_metadata: o.privateMetadata ?? '',
    callback_id: o.callbackId ?? '',
    state: { values: o.values ?? {} },
    hash: o.hash ?? `${nowSec()}.${randomBytes(4).toString('hex')}`,
    title: type === 'modal' ? { type: 'plain_text', text: o.title ?? 'Tend', emoji: true } : null,
    clear_on_close: false,
    notify_on_close: false,
    close: type === 'modal' ? { type: 'plain_text', text: 'Cancel', emoji: true } : null,
    submit: type === 'modal' ? { type: 'plain_text', text: 'Submit', emoji: true } : null,
    previous_view_id: o.previousViewId ?? null,
    root_view_id: o.rootViewId ?? id,
    app_id: o.apiAppId ?? 'A0TENDAPP1',
    external_id: o.externalId ?? '',
    app_installed_team_id: o.teamId ?? 'T0TEND0001',
    bot_id: o.botId ?? 'B0TENDBOT1',
  };
}

export type BlockActionsOpts = CommonInteractionOpts & {
  /** shorthand for one action; or pass `actions` */
  actionId?: string;
  blockId?: string;
  value?: string;
  /** element type, default 'button' */
  actionType?: string;
  /** extra fields for the single action (selected_option, selected_user, ...) */
  action?: Partial<BlockAction>;
  actions?: Array<Partial<BlockAction> & { action_id: string }>;
  /** 'message' (default) or 'view' (a modal / App Home) */
  container?: 'message' | 'view';
  channelId?: string;
  channelName?: string;
  messageTs?: string;
  /** the message the button sits in; default a bot message with `text` */
  message?: Record<string, unknown>;
  isEphemeral?: boolean;
  responseUrl?: string;
  /** for container 'view' */
  view?: ViewOpts;
  /** state.values of the message's input elements */
  stateValues?: ViewState['values'];
};

/** block_actions as posted for a button (or other element) in a message or a view. */
export function blockActionsPayload(o: BlockActionsOpts = {}): BlockActionsPayload {
  const actionTs = slackTs();
  const specs = o.actions ?? [{ action_id: o.actionId ?? 'action', ...(o.action ?? {}) }];
  const actions: BlockAction[] = specs.map((a) => {
    const type = a.type ?? o.actionType ?? 'button';
    const value = a.value ?? o.value;
    const { action_id, ...more } = a;
    return {
      action_id,
      block_id: a.block_id ?? o.blockId ?? 'block',
      ...(type === 'button' ? { text: a.text ?? { type: 'plain_text', text: 'Button', emoji: true } } : {}),
      ...(value !== undefined ? { value } : {}),
      type,
      action_ts: a.action_ts ?? actionTs,
      ...more,
    } as BlockAction;
  });
  const base = {
    type: 'block_actions' as const,
    user: userRef(o),
    api_app_id: o.apiAppId ?? 'A0TENDAPP1',
    token: o.token ?? 'verification_token',
  };
  const tail = {
    trigger_id: o.triggerId ?? triggerId(),
    team: teamRef(o),
    enterprise: enterpriseRef(o),
    is_enterprise_install: false,
  };
  if (o.container === 'view') {
    const view = viewPayload({ ...o, ...o.view });
    return {
      ...base,
      container: { type: 'view', view_id: view.id },
      ...tail,
      view,
      actions,
    };
  }
  const channelId = o.channelId ?? 'C0GENERAL1';
  const messageTs = o.messageTs ?? slackTs(Date.now() - 60_000);
  return {
    ...base,
    container: { type: 'message', message_ts: messageTs, channel_id: channelId, is_ephemeral: o.isEphemeral ?? false },
    ...tail,
    channel: { id: channelId, name: o.channelName ?? 'general' },
    message: o.message ?? {
      user: 'U0TENDBOT1',
      type: 'message',
      ts: messageTs,
      bot_id: 'B0TENDBOT1',
      app_id: o.apiAppId ?? 'A0TENDAPP1',
      text: 'This content can\'t be displayed.',
      team: o.teamId ?? 'T0TEND0001',
      blocks: [],
    },
    state: { values: o.stateValues ?? {} },
    response_url: o.responseUrl ?? `https://hooks.slack.com/actions/${o.teamId ?? 'T0TEND0001'}/${Date.now()}/${randomBytes(12).toString('hex')}`,
    actions,
  };
}

export type ViewSubmissionPayload = {
  type: 'view_submission';
  team: SlackTeamRef;
  user: SlackUserRef;
  api_app_id: string;
  token: string;
  trigger_id: string;
  view: SlackViewPayload;
  response_urls: Array<{ block_id: string; action_id: string; channel_id: string; response_url: string }>;
  enterprise: { id: string; name: string } | null;
  is_enterprise_install: boolean;
};

export type ViewSubmissionOpts = CommonInteractionOpts &
  ViewOpts & {
    callbackId: string;
    responseUrls?: ViewSubmissionPayload['response_urls'];
  };

/** view_submission for a modal with `values` as view.state.values ({ [block_id]: { [action_id]: { type, value | selected_* } } }). */
export function viewSubmissionPayload(o: ViewSubmissionOpts): ViewSubmissionPayload {
  return {
    type: 'view_submission',
    team: teamRef(o),
    user: userRef(o),
    api_app_id: o.apiAppId ?? 'A0TENDAPP1',
    token: o.token ?? 'verification_token',
    trigger_id: o.triggerId ?? triggerId(),
    view: viewPayload({ ...o, viewType: 'modal' }),
    response_urls: o.responseUrls ?? [],
    enterprise: enterpriseRef(o),
    is_enterprise_install: false,
  };
}

export type BlockSuggestionPayload = {
  type: 'block_suggestion';
  user: SlackUserRef;
  container: Record<string, unknown>;
  api_app_id: string;
  token: string;
  action_id: string;
  block_id: string;
  value: string;
  team: SlackTeamRef;
  enterprise: { id: string; name: string } | null;
  is_enterprise_install: boolean;
  view?: SlackViewPayload;
  channel?: { id: string; name: string };
  message?: Record<string, unknown>;
};

export type BlockSuggestionOpts = CommonInteractionOpts & {
  actionId: string;
  /** what the user typed */
  value: string;
  blockId?: string;
  /** 'view' (default: external_select in a modal) or 'message' */
  container?: 'view' | 'message';
  view?: ViewOpts;
  channelId?: string;
  channelName?: string;
  messageTs?: string;
};

/** block_suggestion: the options load for an external_select as the user types. */
export function blockSuggestionPayload(o: BlockSuggestionOpts): BlockSuggestionPayload {
  const head = { type: 'block_suggestion' as const, user: userRef(o) };
  const rest = {
    api_app_id: o.apiAppId ?? 'A0TENDAPP1',
    token: o.token ?? 'verification_token',
    action_id: o.actionId,
    block_id: o.blockId ?? 'block',
    value: o.value,
    team: teamRef(o),
    enterprise: enterpriseRef(o),
    is_enterprise_install: false,
  };
  if (o.container === 'message') {
    const channelId = o.channelId ?? 'C0GENERAL1';
    const ts = o.messageTs ?? slackTs(Date.now() - 60_000);
    return {
      ...head,
      container: { type: 'message', message_ts: ts, channel_id: channelId, is_ephemeral: false },
      ...rest,
      channel: { id: channelId, name: o.channelName ?? 'general' },
      message: { type: 'message', user: 'U0TENDBOT1', bot_id: 'B0TENDBOT1', ts, text: '', blocks: [] },
    };
  }
  const view = viewPayload({ ...o, ...o.view });
  return { ...head, container: { type: 'view', view_id: view.id }, ...rest, view };
}

// ---------------------------------------------------------------- events

export type EventAuthorization = { enterprise_id: string | null; team_id: string | null; user_id: string; is_bot: boolean; is_enterprise_install: boolean };

export type EventEnvelopeInput = {
  event: Record<string, unknown> & { type: string };
  team_id?: string;
  api_app_id?: string;
  enterprise_id?: string;
  event_id?: string;
  event_time?: number;
  token?: string;
  /** the bot user the authorization is for; default 'U0TENDBOT1' */
  bot_user_id?: string;
  authorizations?: EventAuthorization[];
  [k: string]: unknown;
};

export type EventCallbackEnvelope = {
  token: string;
  team_id: string;
  enterprise_id?: string;
  api_app_id: string;
  event: Record<string, unknown> & { type: string };
  type: 'event_callback';
  event_id: string;
  event_time: number;
  authorizations: EventAuthorization[];
  is_ext_shared_channel: boolean;
  event_context: string;
  [k: string]: unknown;
};

/** The full event_callback envelope (object), filled in like Slack does. */
export function eventEnvelope(input: EventEnvelopeInput): EventCallbackEnvelope {
  const { event, team_id, api_app_id, enterprise_id, event_id, event_time, token, bot_user_id, authorizations, ...extra } = input;
  const team = team_id ?? 'T0TEND0001';
  return {
    token: token ?? 'verification_token',
    team_id: team,
    ...(enterprise_id ? { enterprise_id } : {}),
    api_app_id: api_app_id ?? 'A0TENDAPP1',
    event,
    type: 'event_callback',
    event_id: event_id ?? randomId('Ev', 10),
    event_time: event_time ?? nowSec(),
    authorizations: authorizations ?? [
      { enterprise_id: enterprise_id ?? null, team_id: team, user_id: bot_user_id ?? 'U0TENDBOT1', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-${Buffer.from(JSON.stringify({ et: event.type, tid: team, eid: event_id })).toString('base64url')}`,
    ...extra,
  };
}

/** JSON body of an Events API event_callback (event_id, event_time, team_id, api_app_id, authorizations filled in). */
export function eventBody(input: EventEnvelopeInput): string {
  return JSON.stringify(eventEnvelope(input));
}

/** JSON body of the url_verification handshake. */
export function urlVerificationBody(challenge: string, token = 'verification_token'): string {
  return JSON.stringify({ token, challenge, type: 'url_verification' });
}

export type ReactionAddedEvent = {
  type: 'reaction_added';
  user: string;
  item: { type: 'message'; channel: string; ts: string };
  reaction: string;
  item_user?: string;
  event_ts: string;
};

/** Inner event for eventBody({ event: reactionAddedEvent({...}) }). */
export function reactionAddedEvent(o: { user: string; reaction: string; channel: string; ts: string; itemUser?: string; eventTs?: string }): ReactionAddedEvent {
  return {
    type: 'reaction_added',
    user: o.user,
    item: { type: 'message', channel: o.channel, ts: o.ts },
    reaction: o.reaction,
    ...(o.itemUser ? { item_user: o.itemUser } : {}),
    event_ts: o.eventTs ?? slackTs(),
  };
}

export type AppHomeOpenedEvent = {
  type: 'app_home_opened';
  user: string;
  channel: string;
  tab: 'home' | 'messages';
  event_ts: string;
  view?: SlackViewPayload;
};

/** Inner event for eventBody({ event: appHomeOpenedEvent({...}) }); `view` only when the Home tab was published before. */
export function appHomeOpenedEvent(o: { user: string; channel?: string; tab?: 'home' | 'messages'; eventTs?: string; view?: ViewOpts | SlackViewPayload }): AppHomeOpenedEvent {
  const view = o.view ? ('app_id' in o.view ? o.view : viewPayload({ ...o.view, viewType: 'home' })) : undefined;
  return {
    type: 'app_home_opened',
    user: o.user,
    channel: o.channel ?? `D${o.user.slice(1)}`,
    tab: o.tab ?? 'home',
    event_ts: o.eventTs ?? slackTs(),
    ...(view ? { view } : {}),
  };
}

// ---------------------------------------------------------------- sending

export type PostSignedOptions = {
  body: string;
  /** default: application/json when the body starts with '{', else application/x-www-form-urlencoded */
  contentType?: string;
  secret: string;
  /** seconds; default now */
  timestamp?: number;
  /** extra headers (override the signature ones to test rejection) */
  headers?: Record<string, string>;
};

/** POSTs a body signed like Slack does (for e2e tests against the app's /slack/events). */
export function postSigned(url: string, o: PostSignedOptions): Promise<Response> {
  const contentType = o.contentType ?? (o.body.trimStart().startsWith('{') ? 'application/json' : 'application/x-www-form-urlencoded');
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, ...signSlackRequest(o.secret, o.body, o.timestamp ?? nowSec()), ...o.headers },
    body: o.body,
  });
}
