// A fake Slack Web API on 127.0.0.1 for tests: the app points Bolt's / WebClient's
// `slackApiUrl` at `fake.apiUrl`. It answers the methods Tend uses with Slack's response
// shapes and error codes, records every call, stores posted messages and views, records
// posts to response_url, names each token's scopes (x-oauth-scopes), and can inject 429s,
// 5xx and Slack errors. Messages (by the Web API or response_url) and views are checked
// against Block Kit's limits by test/support/block-kit-limits.ts and refused as Slack refuses
// them (invalid_blocks, msg_blocks_too_long, invalid_arguments, view_too_large).
// Shapes follow test/fixtures/slack/ (api-responses/, rate-limits.md, block-kit-limits.json).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { BOT_SCOPES } from '../../src/slack/app.ts';
import { LIMITS, blockKitViolations, slackErrorLine } from './block-kit-limits.ts';

// ---------------------------------------------------------------- public types

export type FakeTokenInfo = {
  token: string;
  teamId?: string;
  teamName?: string;
  teamDomain?: string;
  enterpriseId?: string;
  /** bot (or user) the token belongs to; defaults to the fake's bot user */
  userId?: string;
  botId?: string;
  /** scopes granted to this token; default: the fake's `scopes` option */
  scopes?: string[];
};

export type FakeUser = {
  name?: string;
  real_name?: string;
  display_name?: string;
  email?: string;
  /** IANA zone, e.g. 'Europe/Berlin'; tz_offset and tz_label are derived from it */
  tz?: string;
  tz_offset?: number;
  team_id?: string;
  is_bot?: boolean;
  /** a multi-channel guest (is_restricted) or a single-channel one (is_ultra_restricted) */
  is_restricted?: boolean;
  is_ultra_restricted?: boolean;
  is_admin?: boolean;
  is_owner?: boolean;
  /** the primary owner is an owner too, as in Slack */
  is_primary_owner?: boolean;
  deleted?: boolean;
};

export type FakeChannel = {
  name?: string;
  is_private?: boolean;
  is_im?: boolean;
  /** the other party of an IM */
  user?: string;
  /** false: posting answers not_in_channel (public) / channel_not_found (private) */
  is_member?: boolean;
  is_archived?: boolean;
  /** a Slack Connect channel: the other organisations' team ids (is_ext_shared, shared_team_ids) */
  connected_team_ids?: string[];
  /**
   * a Slack Connect channel seen from each side: every organisation in it. When given, a token
   * of another team gets channel_not_found from conversations.info, and each member team sees
   * the others as connected (connected_team_ids is then not used).
   */
  team_ids?: string[];
  /** who conversations.members lists; not given: every user the fake was configured with, and the bot */
  members?: string[];
};

/** An installation an event is visible to, as apps.event.authorizations.list lists it. */
export type FakeAuthorization = { enterprise_id: string | null; team_id: string | null; user_id: string; is_bot: boolean; is_enterprise_install: boolean };

/** Another organisation's team, as team.info answers for it (Slack Connect). */
export type FakeTeam = { name: string; domain?: string; email_domain?: string };

export type FakeOAuth = {
  clientId: string;
  clientSecret: string;
  /** codes accepted once each; when omitted any non-empty code is accepted once */
  codes?: string[];
  /** merged over the default oauth.v2.access answer (or computed per code) */
  installation?: Record<string, unknown> | ((code: string, args: Record<string, unknown>) => Record<string, unknown>);
  /**
   * Token rotation on (Slack's "Using token rotation"): the bot token of an install expires
   * after `expiresIn` seconds (calls with it then answer token_expired) and comes with a
   * refresh token, which oauth.v2.access with grant_type=refresh_token trades, once, for a new pair.
   */
  rotation?: { expiresIn: number };
};

export type FakeSlackOptions = {
  /** valid tokens; default ['xoxb-test'] */
  tokens?: Array<string | FakeTokenInfo>;
  team?: { id?: string; name?: string; domain?: string; enterpriseId?: string };
  bot?: { userId?: string; botId?: string; appId?: string; name?: string };
  /** when given, any other channel id answers channel_not_found (DMs opened via conversations.open are added) */
  channels?: string[] | Record<string, FakeChannel>;
  /** when given, any other user id answers user_not_found */
  users?: Record<string, FakeUser>;
  /** other teams team.info knows (Slack Connect partners); the fake's own team is always known */
  teams?: Record<string, FakeTeam>;
  oauth?: FakeOAuth;
  /** chat.postMessage limit per channel (token bucket); off when omitted */
  perChannelPerSecond?: number;
  /** bucket size for perChannelPerSecond; default 3 */
  perChannelBurst?: number;
  /** deterministic message ts: first is `${startTs}.000100`, then +100µs each; default: the clock */
  startTs?: number;
  /** how often one response_url may be used (Slack: 5) */
  responseUrlMaxUses?: number;
  /**
   * Scopes granted to every token, answered in the x-oauth-scopes header of each call as Slack
   * does. When given (here or per token), conversations.info and conversations.history answer
   * missing_scope without the read / history scope for the channel's kind. Default: the scopes
   * Tend asks for (BOT_SCOPES), not enforced.
   */
  scopes?: string[];
};

export type FakeSlackCall = {
  method: string;
  args: Record<string, unknown>;
  token: string | undefined;
  /** Date.now() when the request arrived */
  at: number;
  /** HTTP status answered */
  status: number;
  ok: boolean;
  error?: string;
  response: unknown;
  contentType: string;
};

export type FakeFault =
  | { status: 429; retryAfter?: number | string; delayMs?: number }
  | { status: number; body?: string; delayMs?: number }
  | { error: string; status?: number; extra?: Record<string, unknown>; delayMs?: number }
  | { delayMs: number };

export type FakeMessage = {
  type: 'message';
  channel: string;
  ts: string;
  text: string;
  user: string;
  team: string;
  bot_id?: string;
  app_id?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  thread_ts?: string;
  metadata?: unknown;
  edited?: { user: string; ts: string };
  reactions?: Array<{ name: string; users: string[]; count: number }>;
  files?: unknown[];
  /** not Slack's: how many times chat.update changed it */
  updates: number;
  /** not Slack's: full args of the post / each update, oldest first */
  history: Array<Record<string, unknown>>;
};

export type FakeEphemeral = { channel: string; user: string; message_ts: string; text: string; blocks?: unknown[]; thread_ts?: string; at: number };

export type FakeView = Record<string, unknown> & { id: string; type: string; hash: string };

export type FakeFile = {
  id: string;
  filename: string;
  length: number;
  title?: string;
  content?: Buffer;
  completed: boolean;
  channel?: string;
  initial_comment?: string;
  thread_ts?: string;
};

export type FakeResponsePost = { id: string; body: Record<string, unknown>; at: number; status: number; contentType: string };

export type FakeSlackStats = {
  /** chat.postMessage calls that succeeded */
  posted: number;
  /** every HTTP 429 the fake answered (injected or from the per-channel limit) */
  rateLimited: number;
  /** accepted chat.postMessage times (ms) per channel */
  perChannel: Record<string, number[]>;
  /** 429s from the per-channel limit, per channel */
  rateLimitedPerChannel: Record<string, number>;
};

export type WaitForPredicate<T> = (calls: readonly FakeSlackCall[], fake: FakeSlack) => T;
export type Truthy<T> = Exclude<T, false | null | undefined | 0 | ''>;

export interface FakeSlack {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** http://127.0.0.1:PORT/api/ — pass as slackApiUrl */
  readonly apiUrl: string;
  readonly port: number;
  /** every Web API call, in arrival order (live array, cleared by reset) */
  readonly calls: FakeSlackCall[];
  readonly stats: FakeSlackStats;
  responseUrl(id: string): string;
  callsTo(method: string): FakeSlackCall[];
  /** current messages of a channel (after updates/deletes), oldest first */
  messages(channel: string): FakeMessage[];
  message(channel: string, ts: string): FakeMessage | undefined;
  allMessages(): FakeMessage[];
  ephemerals(channel?: string): FakeEphemeral[];
  view(id: string): FakeView | undefined;
  views(): FakeView[];
  homeView(userId: string): FakeView | undefined;
  files(): FakeFile[];
  responses(id: string): FakeResponsePost[];
  allResponses(): FakeResponsePost[];
  /** the D… channel conversations.open answers for this user */
  dmChannelFor(userId: string): string;
  /** a message that exists in Slack without the app posting it (e.g. a user's message) */
  seedMessage(channel: string, msg: { user: string; text?: string; ts?: string; blocks?: unknown[]; thread_ts?: string }): FakeMessage;
  addToken(token: string | FakeTokenInfo): void;
  /** later calls with it answer token_revoked */
  revokeToken(token: string): void;
  addChannel(id: string, info?: FakeChannel): void;
  addUser(id: string, info?: FakeUser): void;
  /**
   * The installations an event (by its envelope's event_context) is visible to, answered by
   * apps.event.authorizations.list to an app-level token (xapp-…, scope authorizations:read).
   * Slack's envelope names at most one of them; this is the whole list.
   */
  setEventAuthorizations(eventContext: string, authorizations: FakeAuthorization[]): void;
  /** the next `times` calls to method ('*' = any, 'response_url' = response_url posts) fail with fault; `only.token`: just that token's calls (one workspace) */
  failNext(method: string, fault: FakeFault, times?: number, only?: FaultScope): void;
  /** every call to method fails with fault for the next ms milliseconds (`only.token`: just that token's calls) */
  failFor(method: string, ms: number, fault: FakeFault, only?: FaultScope): void;
  clearFaults(): void;
  /** polls (every 10 ms) until predicate returns a truthy value, which it resolves with */
  waitFor<T>(predicate: WaitForPredicate<T>, timeoutMs?: number): Promise<Truthy<T>>;
  /** forget calls, messages, views, files, responses, faults, stats; tokens/channels/users go back to the options */
  reset(): void;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- internals

class SlackError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

class HttpAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
    readonly errorCode?: string,
  ) {
    super(`HTTP ${status}`);
  }
}

type Args = Record<string, unknown>;
type Auth = Required<Omit<FakeTokenInfo, 'enterpriseId'>> & { enterpriseId: string | null; enforceScopes: boolean };
type ChannelRec = Required<Omit<FakeChannel, 'user' | 'members'>> & { id: string; user?: string; members: string[] | null; created: number };
type Ctx = { args: Args; auth: Auth | undefined; method: string };
export type FaultScope = { token?: string };
type ActiveFault = { method: string; fault: FakeFault; remaining: number; until?: number; token?: string };

const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata', 'files', 'unfurls', 'options', 'user_auth_blocks', 'option_groups']);
const NO_TOKEN_METHODS = new Set(['oauth.v2.access', 'oauth.access', 'oauth.v2.exchange', 'api.test']);
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

function randomId(prefix: string, len = 10): string {
  const bytes = randomBytes(len);
  let s = prefix;
  for (const b of bytes) s += ALNUM[b % ALNUM.length];
  return s;
}

function str(args: Args, key: string): string | undefined {
  const v = args[key];
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

function bool(args: Args, key: string): boolean {
  const v = args[key];
  return v === true || v === 'true' || v === '1' || v === 1;
}

function missing(field: string): SlackError {
  return new SlackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] missing required field: ${field}`] } });
}

function need(args: Args, key: string): string {
  const v = str(args, key);
  if (v === undefined || v === '') throw missing(key);
  return v;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function tzInfo(tz: string): { tz_offset: number; tz_label: string } {
  try {
    const at = new Date();
    const offName =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'longOffset' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
    const m = /GMT([+-])(\d{2}):(\d{2})/.exec(offName);
    const offset = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 3600 + Number(m[3]) * 60) : 0;
    const label =
      new Intl.DateTimeFormat('en-US', { timeZone: tz, timeZoneName: 'long' }).formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? tz;
    return { tz_offset: offset, tz_label: label };
  } catch {
    return { tz_offset: 0, tz_label: 'Coordinated Universal Time' };
  }
}

// ---- Block Kit checks: the one checker (block-kit-limits.ts), answered as Slack answers

/** chat.postMessage / update / postEphemeral: invalid_blocks with Slack's lines, else msg_blocks_too_long. */
function checkMessageBlocks(args: Args): void {
  const blocks = args.blocks;
  if (blocks === undefined) return;
  if (!Array.isArray(blocks)) throw new SlackError('invalid_blocks_format');
  const found = blockKitViolations('message', { blocks });
  const invalid = found.filter((v) => v.kind === 'invalid').map(slackErrorLine);
  if (invalid.length) throw new SlackError('invalid_blocks', { errors: invalid, response_metadata: { messages: invalid } });
  if (found.some((v) => v.kind === 'blocks_too_long')) throw new SlackError('msg_blocks_too_long');
}

/** The error a response_url post's blocks earn (Slack answers it 400 with the code as text), or null. */
function responseBlocksError(body: Record<string, unknown>): string | null {
  if (body.blocks === undefined) return null;
  if (!Array.isArray(body.blocks)) return 'invalid_blocks_format';
  const found = blockKitViolations('message', { blocks: body.blocks });
  if (found.some((v) => v.kind === 'invalid')) return 'invalid_blocks';
  return found.some((v) => v.kind === 'blocks_too_long') ? 'msg_blocks_too_long' : null;
}

/** Slack truncates a message's text rather than refuse it. */
function storedText(text: string): string {
  return text.length > LIMITS.messageText ? text.slice(0, LIMITS.messageText) : text;
}

function checkView(view: unknown, surface: 'modal' | 'home'): Record<string, unknown> {
  if (!isObject(view)) {
    throw new SlackError('invalid_arguments', {
      response_metadata: { messages: ['[ERROR] failed to match all allowed schemas [json-pointer:/view]', '[ERROR] must provide an object [json-pointer:/view]'] },
    });
  }
  const found = blockKitViolations(surface, view, '/view');
  if (found.some((v) => v.kind === 'view_too_large')) throw new SlackError('view_too_large');
  const out = found.filter((v) => v.kind === 'invalid').map(slackErrorLine);
  if (out.length) throw new SlackError('invalid_arguments', { response_metadata: { messages: out } });
  return view;
}

// ---- body parsing

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

type Part = { name: string; filename?: string; contentType?: string; data: Buffer };

function parseMultipart(body: Buffer, contentType: string): Part[] {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) return [];
  const delim = Buffer.from(`--${boundary}`);
  const parts: Part[] = [];
  let pos = body.indexOf(delim);
  while (pos !== -1) {
    const start = pos + delim.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delim, start);
    if (next === -1) break;
    const chunk = body.subarray(start + 2, next - 2); // skip CRLF after delimiter and before the next one
    const headEnd = chunk.indexOf('\r\n\r\n');
    if (headEnd !== -1) {
      const head = chunk.subarray(0, headEnd).toString('utf8');
      const name = /name="([^"]*)"/i.exec(head)?.[1] ?? '';
      const filename = /filename="([^"]*)"/i.exec(head)?.[1];
      const ctype = /content-type:\s*([^\r\n]+)/i.exec(head)?.[1];
      parts.push({ name, ...(filename !== undefined ? { filename } : {}), ...(ctype ? { contentType: ctype } : {}), data: chunk.subarray(headEnd + 4) });
    }
    pos = next;
  }
  return parts;
}

/** Decodes a Web API request body; nested arguments sent form-encoded come back as JSON values. */
function parseArgs(raw: Buffer, contentType: string, query: URLSearchParams): Args {
  const args: Args = {};
  for (const [k, v] of query) args[k] = v;
  const ct = contentType.toLowerCase();
  if (raw.length === 0) return args;
  if (ct.includes('application/json')) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(raw.toString('utf8'));
    } catch {
      throw new SlackError('invalid_json');
    }
    if (!isObject(parsed)) throw new SlackError('invalid_json');
    return { ...args, ...parsed };
  }
  if (ct.includes('multipart/form-data')) {
    for (const p of parseMultipart(raw, contentType)) args[p.name] = p.filename !== undefined ? p.data : p.data.toString('utf8');
  } else {
    for (const [k, v] of new URLSearchParams(raw.toString('utf8'))) args[k] = v;
  }
  for (const key of JSON_ARGS) {
    const v = args[key];
    if (typeof v !== 'string') continue;
    try {
      args[key] = JSON.parse(v);
    } catch {
      if (key === 'blocks') throw new SlackError('invalid_blocks_format');
      if (key === 'attachments') throw new SlackError('invalid_attachments');
      throw new SlackError('invalid_arguments', { response_metadata: { messages: [`[ERROR] must provide an object [json-pointer:/${key}]`] } });
    }
  }
  return args;
}

// ---------------------------------------------------------------- the fake

export async function startFakeSlack(opts: FakeSlackOptions = {}): Promise<FakeSlack> {
  const team = {
    id: opts.team?.id ?? 'T0TEND0001',
    name: opts.team?.name ?? 'Tend Test',
    domain: opts.team?.domain ?? 'tend-test',
    enterpriseId: opts.team?.enterpriseId ?? null,
  };
  const bot = {
    userId: opts.bot?.userId ?? 'U0TENDBOT1',
    botId: opts.bot?.botId ?? 'B0TENDBOT1',
    appId: opts.bot?.appId ?? 'A0TENDAPP1',
    name: opts.bot?.name ?? 'tend',
  };
  const maxResponseUses = opts.responseUrlMaxUses ?? 5;

  // state
  const tokens = new Map<string, Auth>();
  const revoked = new Set<string>();
  const channels = new Map<string, ChannelRec>();
  const channelsConfigured = opts.channels !== undefined;
  const users = new Map<string, FakeUser>();
  const usersConfigured = opts.users !== undefined;
  const dms = new Map<string, string>();
  const calls: FakeSlackCall[] = [];
  const messagesByChannel = new Map<string, FakeMessage[]>();
  const ephemerals: FakeEphemeral[] = [];
  const views = new Map<string, FakeView>();
  const homeViews = new Map<string, string>();
  const files = new Map<string, FakeFile>();
  const responses: FakeResponsePost[] = [];
  const usedCodes = new Set<string>();
  // token rotation: when each rotating token expires (ms), and what each refresh token renews
  const expiresAt = new Map<string, number>();
  const refreshTokens = new Map<string, { auth: Omit<FakeTokenInfo, 'token'>; used: boolean }>();
  const eventAuthorizations = new Map<string, FakeAuthorization[]>();
  let faults: ActiveFault[] = [];
  const buckets = new Map<string, { tokens: number; at: number }>();
  const stats: FakeSlackStats = { posted: 0, rateLimited: 0, perChannel: {}, rateLimitedPerChannel: {} };
  const timers = new Set<NodeJS.Timeout>();
  let lastMicros = 0;
  let lastViewId: string | undefined;

  const addToken = (t: string | FakeTokenInfo): void => {
    const info: FakeTokenInfo = typeof t === 'string' ? { token: t } : t;
    revoked.delete(info.token);
    tokens.set(info.token, {
      token: info.token,
      teamId: info.teamId ?? team.id,
      teamName: info.teamName ?? team.name,
      teamDomain: info.teamDomain ?? team.domain,
      enterpriseId: info.enterpriseId ?? team.enterpriseId,
      userId: info.userId ?? bot.userId,
      botId: info.botId ?? bot.botId,
      scopes: info.scopes ?? opts.scopes ?? BOT_SCOPES,
      enforceScopes: (info.scopes ?? opts.scopes) !== undefined,
    });
  };
  /** A new expiring bot token (xoxe.xoxb-1-…) and the refresh token (xoxe-1-…) that renews it, as Slack answers them. */
  const rotatingPair = (auth: Omit<FakeTokenInfo, 'token'>, expiresIn: number) => {
    const accessToken = `xoxe.xoxb-1-${randomBytes(12).toString('hex')}`;
    const refreshToken = `xoxe-1-${randomBytes(12).toString('hex')}`;
    addToken({ token: accessToken, ...auth });
    expiresAt.set(accessToken, Date.now() + expiresIn * 1000);
    refreshTokens.set(refreshToken, { auth, used: false });
    return { access_token: accessToken, refresh_token: refreshToken, expires_in: expiresIn };
  };
  const addChannel = (id: string, info: FakeChannel = {}): void => {
    channels.set(id, {
      id,
      name: info.name ?? id.toLowerCase(),
      is_private: info.is_private ?? id.startsWith('G'),
      is_im: info.is_im ?? id.startsWith('D'),
      ...(info.user !== undefined ? { user: info.user } : {}),
      is_member: info.is_member ?? true,
      is_archived: info.is_archived ?? false,
      connected_team_ids: info.connected_team_ids ?? [],
      team_ids: info.team_ids ?? [],
      members: info.members ?? null,
      created: Math.floor(Date.now() / 1000) - 86_400,
    });
  };
  const addUser = (id: string, info: FakeUser = {}): void => {
    users.set(id, info);
  };
  const configure = (): void => {
    tokens.clear();
    revoked.clear();
    for (const t of opts.tokens ?? ['xoxb-test']) addToken(t);
    channels.clear();
    if (Array.isArray(opts.channels)) for (const id of opts.channels) addChannel(id);
    else if (opts.channels) for (const [id, info] of Object.entries(opts.channels)) addChannel(id, info);
    users.clear();
    for (const [id, info] of Object.entries(opts.users ?? {})) addUser(id, info);
    addUser(bot.userId, { name: bot.name, real_name: bot.name, is_bot: true });
    dms.clear();
  };
  configure();

  const nextTs = (): string => {
    let m: number;
    if (opts.startTs !== undefined) m = lastMicros === 0 ? opts.startTs * 1e6 + 100 : lastMicros + 100;
    else m = Math.max(Date.now() * 1000, lastMicros + 1);
    lastMicros = m;
    return `${Math.floor(m / 1e6)}.${String(m % 1e6).padStart(6, '0')}`;
  };

  const userKnown = (id: string): boolean => !usersConfigured || users.has(id);

  const dmChannelFor = (userId: string): string => {
    let id = dms.get(userId);
    if (!id) {
      id = `D${userId.slice(1)}${userId.startsWith('U') ? '' : userId[0]}`;
      while ([...dms.values()].includes(id)) id = randomId('D', 10);
      dms.set(userId, id);
      addChannel(id, { is_im: true, user: userId, name: userId, is_private: true });
    }
    return id;
  };

  const channelFor = (id: string): ChannelRec => {
    let ch = channels.get(id);
    if (!ch) {
      if (channelsConfigured) throw new SlackError('channel_not_found');
      addChannel(id);
      ch = channels.get(id)!;
    }
    return ch;
  };

  const postable = (id: string): ChannelRec => {
    const ch = channelFor(id);
    if (ch.is_archived) throw new SlackError('is_archived');
    if (!ch.is_member) throw new SlackError(ch.is_private ? 'channel_not_found' : 'not_in_channel');
    return ch;
  };

  /** Slack's missing_scope when the token may not read this kind of channel ('read': info, 'history': messages). */
  const needScope = (auth: Auth, ch: ChannelRec, verb: 'read' | 'history'): void => {
    const needed = `${ch.is_im ? 'im' : ch.is_private ? 'groups' : 'channels'}:${verb}`;
    if (auth.enforceScopes && !auth.scopes.includes(needed)) throw new SlackError('missing_scope', { needed, provided: auth.scopes.join(',') });
  };

  const store = (channel: string): FakeMessage[] => {
    let list = messagesByChannel.get(channel);
    if (!list) messagesByChannel.set(channel, (list = []));
    return list;
  };

  const findMessage = (channel: string, ts: string): FakeMessage | undefined => messagesByChannel.get(channel)?.find((m) => m.ts === ts);

  const botProfile = (auth: Auth) => ({
    id: auth.botId,
    app_id: bot.appId,
    name: bot.name,
    icons: {
      image_36: 'https://a.slack-edge.com/80588/img/plugins/app/bot_36.png',
      image_48: 'https://a.slack-edge.com/80588/img/plugins/app/bot_48.png',
      image_72: 'https://a.slack-edge.com/80588/img/plugins/app/service_72.png',
    },
    deleted: false,
    updated: 1763900000,
    team_id: auth.teamId,
  });

  const wireMessage = (m: FakeMessage, auth: Auth): Record<string, unknown> => {
    const out: Record<string, unknown> = { user: m.user, type: 'message', ts: m.ts, bot_id: m.bot_id, app_id: m.app_id, text: m.text, team: m.team, bot_profile: botProfile(auth) };
    if (m.blocks) out.blocks = m.blocks;
    if (m.attachments) out.attachments = m.attachments;
    if (m.thread_ts) out.thread_ts = m.thread_ts;
    if (m.metadata) out.metadata = m.metadata;
    if (m.edited) out.edited = m.edited;
    if (m.files) out.files = m.files;
    return out;
  };

  const requireContent = (args: Args): void => {
    const text = str(args, 'text');
    const hasBlocks = Array.isArray(args.blocks) && args.blocks.length > 0;
    const hasAttachments = Array.isArray(args.attachments) && args.attachments.length > 0;
    if ((text === undefined || text === '') && !hasBlocks && !hasAttachments) throw new SlackError('no_text');
  };

  const rateLimit = (channel: string, teamId: string): void => {
    const rate = opts.perChannelPerSecond;
    if (!rate) return;
    const burst = opts.perChannelBurst ?? 3;
    const key = `${teamId}:${channel}`;
    const now = Date.now();
    const b = buckets.get(key) ?? { tokens: burst, at: now };
    b.tokens = Math.min(burst, b.tokens + ((now - b.at) / 1000) * rate);
    b.at = now;
    buckets.set(key, b);
    if (b.tokens < 1) {
      const waitSec = Math.max(1, Math.ceil((1 - b.tokens) / rate));
      stats.rateLimitedPerChannel[channel] = (stats.rateLimitedPerChannel[channel] ?? 0) + 1;
      throw new HttpAnswer(429, JSON.stringify({ ok: false, error: 'ratelimited' }), { 'retry-after': String(waitSec) }, 'ratelimited');
    }
    b.tokens -= 1;
  };

  const userObject = (id: string): Record<string, unknown> => {
    const u = users.get(id) ?? {};
    const name = u.name ?? id.toLowerCase();
    const realName = u.real_name ?? name;
    const tz = u.tz ?? 'America/Los_Angeles';
    const info = tzInfo(tz);
    return {
      id,
      team_id: u.team_id ?? team.id,
      name,
      deleted: u.deleted ?? false,
      color: '9f69e7',
      real_name: realName,
      tz,
      tz_label: info.tz_label,
      tz_offset: u.tz_offset ?? info.tz_offset,
      profile: {
        title: '',
        phone: '',
        skype: '',
        real_name: realName,
        real_name_normalized: realName,
        display_name: u.display_name ?? name,
        display_name_normalized: u.display_name ?? name,
        status_text: '',
        status_emoji: '',
        avatar_hash: 'g000000000ab',
        ...(u.email ? { email: u.email } : {}),
        image_48: 'https://secure.gravatar.com/avatar/0.jpg?s=48',
        image_72: 'https://secure.gravatar.com/avatar/0.jpg?s=72',
        team: u.team_id ?? team.id,
        ...(u.is_bot ? { bot_id: bot.botId, api_app_id: bot.appId, always_active: true } : {}),
      },
      is_admin: u.is_admin ?? false,
      is_owner: u.is_owner ?? u.is_primary_owner ?? false,
      is_primary_owner: u.is_primary_owner ?? false,
      is_restricted: u.is_restricted ?? u.is_ultra_restricted ?? false,
      is_ultra_restricted: u.is_ultra_restricted ?? false,
      is_bot: u.is_bot ?? false,
      is_app_user: false,
      updated: 1763900000,
      is_email_confirmed: !u.is_bot,
      who_can_share_contact_card: 'EVERYONE',
    };
  };

  const channelObject = (ch: ChannelRec, teamId: string): Record<string, unknown> => {
    const updated = Date.now();
    const connected = ch.team_ids.length > 0 ? ch.team_ids.filter((t) => t !== teamId) : ch.connected_team_ids;
    if (ch.is_im) {
      return {
        id: ch.id,
        created: ch.created,
        is_archived: ch.is_archived,
        is_im: true,
        is_org_shared: false,
        context_team_id: teamId,
        updated,
        user: ch.user ?? '',
        last_read: '0000000000.000000',
        latest: null,
        unread_count: 0,
        unread_count_display: 0,
        is_open: true,
        priority: 0,
      };
    }
    return {
      id: ch.id,
      name: ch.name,
      is_channel: !ch.is_private,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: ch.is_private,
      created: ch.created,
      is_archived: ch.is_archived,
      is_general: ch.name === 'general',
      unlinked: 0,
      name_normalized: ch.name,
      is_shared: connected.length > 0,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      context_team_id: teamId,
      updated,
      parent_conversation: null,
      creator: 'U0CREATOR1',
      is_read_only: false,
      is_thread_only: false,
      is_non_threadable: false,
      is_ext_shared: connected.length > 0,
      shared_team_ids: [teamId, ...connected],
      ...(connected.length > 0 ? { connected_team_ids: [teamId, ...connected] } : {}),
      pending_connected_team_ids: [],
      is_member: ch.is_member,
      last_read: '0000000000.000000',
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      properties: {},
      previous_names: [],
    };
  };

  const newViewFrom = (view: Record<string, unknown>, auth: Auth, extra: Record<string, unknown>): FakeView => {
    const id = randomId('V', 10);
    return {
      id,
      team_id: auth.teamId,
      type: String(view.type),
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      state: { values: {} },
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
      title: view.title ?? null,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      close: view.close ?? null,
      submit: view.submit ?? null,
      previous_view_id: null,
      root_view_id: id,
      app_id: bot.appId,
      external_id: view.external_id ?? '',
      app_installed_team_id: auth.teamId,
      bot_id: auth.botId,
      ...extra,
    };
  };

  const replaceView = (old: FakeView, view: Record<string, unknown>): FakeView => {
    const next: FakeView = {
      ...old,
      type: String(view.type),
      blocks: view.blocks,
      private_metadata: view.private_metadata ?? '',
      callback_id: view.callback_id ?? '',
      title: view.title ?? null,
      close: view.close ?? null,
      submit: view.submit ?? null,
      external_id: view.external_id ?? old.external_id,
      clear_on_close: view.clear_on_close ?? false,
      notify_on_close: view.notify_on_close ?? false,
      hash: `${Math.floor(Date.now() / 1000)}.${randomBytes(4).toString('hex')}`,
    };
    views.set(next.id, next);
    return next;
  };

  let origin = '';

  const handlers: Record<string, (ctx: Ctx) => Record<string, unknown>> = {
    'api.test': ({ args }) => ({ args }),

    'auth.test': ({ auth }) => {
      const a = auth!;
      return {
        url: `https://${a.teamDomain}.slack.com/`,
        team: a.teamName,
        user: users.get(a.userId)?.name ?? bot.name,
        team_id: a.teamId,
        user_id: a.userId,
        bot_id: a.botId,
        ...(a.enterpriseId ? { enterprise_id: a.enterpriseId } : {}),
        is_enterprise_install: false,
      };
    },

    'chat.postMessage': ({ args, auth }) => {
      const a = auth!;
      let channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      requireContent(args);
      checkMessageBlocks(args);
      if (/^[UW]/.test(channel)) {
        if (!userKnown(channel)) throw new SlackError('channel_not_found');
        channel = dmChannelFor(channel);
      }
      postable(channel);
      rateLimit(channel, a.teamId);
      const ts = nextTs();
      const { channel: _c, ...rest } = args;
      const m: FakeMessage = {
        type: 'message',
        channel,
        ts,
        text: storedText(str(args, 'text') ?? ''),
        user: a.userId,
        team: a.teamId,
        bot_id: a.botId,
        app_id: bot.appId,
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(Array.isArray(args.attachments) ? { attachments: args.attachments } : {}),
        ...(str(args, 'thread_ts') ? { thread_ts: str(args, 'thread_ts')! } : {}),
        ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
        updates: 0,
        history: [rest],
      };
      store(channel).push(m);
      stats.posted += 1;
      (stats.perChannel[channel] ??= []).push(Date.now());
      return { channel, ts, message: wireMessage(m, a) };
    },

    'chat.update': ({ args, auth }) => {
      const a = auth!;
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      channelFor(channel);
      const ts = str(args, 'ts');
      if (!ts) throw new SlackError('message_not_found');
      const m = findMessage(channel, ts);
      if (!m) throw new SlackError('message_not_found');
      if (m.user !== a.userId) throw new SlackError('cant_update_message');
      requireContent(args);
      checkMessageBlocks(args);
      if (str(args, 'text') !== undefined) m.text = storedText(str(args, 'text')!);
      if (Array.isArray(args.blocks)) m.blocks = args.blocks;
      if (Array.isArray(args.attachments)) m.attachments = args.attachments;
      if (args.metadata !== undefined) m.metadata = args.metadata;
      m.edited = { user: a.botId, ts: nextTs() };
      m.updates += 1;
      const { channel: _c, ts: _t, ...rest } = args;
      m.history.push(rest);
      return { channel, ts, text: m.text, message: wireMessage(m, a) };
    },

    'chat.delete': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      channelFor(channel);
      const ts = str(args, 'ts');
      const list = messagesByChannel.get(channel) ?? [];
      const i = list.findIndex((m) => m.ts === ts);
      if (i === -1) throw new SlackError('message_not_found');
      if (list[i]!.user !== auth!.userId) throw new SlackError('cant_delete_message');
      list.splice(i, 1);
      return { channel, ts };
    },

    'chat.postEphemeral': ({ args }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      const user = str(args, 'user');
      if (!user) throw new SlackError('user_not_found');
      if (!userKnown(user)) throw new SlackError('user_not_found');
      requireContent(args);
      checkMessageBlocks(args);
      postable(channel);
      const message_ts = nextTs();
      ephemerals.push({
        channel,
        user,
        message_ts,
        text: storedText(str(args, 'text') ?? ''),
        ...(Array.isArray(args.blocks) ? { blocks: args.blocks } : {}),
        ...(str(args, 'thread_ts') ? { thread_ts: str(args, 'thread_ts')! } : {}),
        at: Date.now(),
      });
      return { message_ts };
    },

    'chat.getPermalink': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      channelFor(channel);
      const ts = str(args, 'message_ts');
      if (!ts) throw new SlackError('message_not_found');
      return { permalink: `https://${auth!.teamDomain}.slack.com/archives/${channel}/p${ts.replace('.', '')}`, channel };
    },

    'conversations.open': ({ args, auth }) => {
      const existing = str(args, 'channel');
      let id: string;
      if (existing) {
        id = channelFor(existing).id;
      } else {
        const usersArg = args.users;
        const list = (Array.isArray(usersArg) ? usersArg.map(String) : (str(args, 'users') ?? '').split(','))
          .map((s) => s.trim())
          .filter(Boolean);
        if (list.length === 0) throw new SlackError('users_list_not_supplied');
        for (const u of list) if (!userKnown(u)) throw new SlackError('user_not_found');
        if (list.length > 8) throw new SlackError('too_many_users');
        if (list.length === 1) {
          if (list[0] === auth!.userId || users.get(list[0]!)?.is_bot) throw new SlackError('cannot_dm_bot');
          const already = dms.has(list[0]!);
          id = dmChannelFor(list[0]!);
          if (bool(args, 'return_im')) return { no_op: already, already_open: already, channel: channelObject(channels.get(id)!, auth!.teamId) };
          return { no_op: already, already_open: already, channel: { id } };
        }
        id = `G${randomId('', 10)}`;
        addChannel(id, { is_private: true, name: `mpdm-${list.join('--')}-1` });
      }
      return { no_op: true, already_open: true, channel: { id } };
    },

    'conversations.info': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      const ch = channelFor(channel);
      // another organisation's channel, not shared with this team: Slack does not show it
      if (ch.team_ids.length > 0 && !ch.team_ids.includes(auth!.teamId)) throw new SlackError('channel_not_found');
      // nor is a private channel the bot is not in
      if (ch.is_private && !ch.is_member && !ch.is_im) throw new SlackError('channel_not_found');
      needScope(auth!, ch, 'read');
      return { channel: channelObject(ch, auth!.teamId) };
    },

    'conversations.members': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      const ch = channelFor(channel);
      if (ch.team_ids.length > 0 && !ch.team_ids.includes(auth!.teamId)) throw new SlackError('channel_not_found');
      needScope(auth!, ch, 'read');
      // a private channel the bot is not in does not exist for it
      if (ch.is_private && !ch.is_member) throw new SlackError('channel_not_found');
      const members = ch.members ?? [...users.keys()];
      const limit = Math.max(1, Math.min(1000, Number(str(args, 'limit') ?? 100) || 100));
      const offset = Number(str(args, 'cursor') ? Buffer.from(str(args, 'cursor')!, 'base64').toString('utf8').replace('offset:', '') : 0) || 0;
      const next = offset + limit < members.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
      return { members: members.slice(offset, offset + limit), response_metadata: { next_cursor: next } };
    },

    'conversations.history': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      const ch = channelFor(channel);
      needScope(auth!, ch, 'history');
      if (!ch.is_member && !ch.is_im) throw new SlackError('not_in_channel');
      const limit = Math.max(1, Math.min(999, Number(str(args, 'limit') ?? 100) || 100));
      const oldest = Number(str(args, 'oldest') ?? 0);
      const latest = str(args, 'latest') !== undefined ? Number(str(args, 'latest')) : Infinity;
      const inclusive = bool(args, 'inclusive');
      const offset = Number(str(args, 'cursor') ? Buffer.from(str(args, 'cursor')!, 'base64').toString('utf8').replace('next_ts:', '') : 0) || 0;
      const withMeta = bool(args, 'include_all_metadata');
      const all = [...(messagesByChannel.get(channel) ?? [])]
        .filter((m) => !m.thread_ts || m.thread_ts === m.ts)
        .filter((m) => {
          const t = Number(m.ts);
          return inclusive ? t >= oldest && t <= latest : t > oldest && t < latest;
        })
        .reverse();
      const page = all.slice(offset, offset + limit).map((m) => {
        const w = wireMessage(m, auth!);
        if (!withMeta) delete w.metadata;
        return w;
      });
      const hasMore = offset + limit < all.length;
      return {
        messages: page,
        has_more: hasMore,
        pin_count: 0,
        response_metadata: { next_cursor: hasMore ? Buffer.from(`next_ts:${offset + limit}`).toString('base64') : '' },
      };
    },

    'apps.event.authorizations.list': ({ args, auth }) => {
      // an app-level token only: it speaks for every installation of the app
      if (!auth!.token.startsWith('xapp-')) throw new SlackError('not_allowed_token_type');
      if (!auth!.scopes.includes('authorizations:read')) throw new SlackError('missing_scope', { needed: 'authorizations:read', provided: auth!.scopes.join(',') });
      const context = str(args, 'event_context');
      if (!context) throw new SlackError('invalid_arguments');
      const list = eventAuthorizations.get(context);
      if (!list) throw new SlackError('invalid_event_context');
      const limit = Math.max(1, Math.min(1000, Number(str(args, 'limit') ?? 100) || 100));
      const cursor = str(args, 'cursor');
      const offset = cursor ? Number(Buffer.from(cursor, 'base64').toString('utf8').replace('offset:', '')) : 0;
      if (!Number.isInteger(offset) || offset < 0 || offset > list.length) throw new SlackError('invalid_cursor');
      const next = offset + limit < list.length ? Buffer.from(`offset:${offset + limit}`).toString('base64') : '';
      return { authorizations: structuredClone(list.slice(offset, offset + limit)), response_metadata: { next_cursor: next } };
    },

    'team.info': ({ args, auth }) => {
      const id = str(args, 'team') ?? auth!.teamId;
      if (id === auth!.teamId) return { team: { id, name: auth!.teamName, domain: auth!.teamDomain, email_domain: '', icon: { image_default: true } } };
      const t = opts.teams?.[id];
      if (!t) throw new SlackError('team_not_found');
      return { team: { id, name: t.name, domain: t.domain ?? t.name.toLowerCase().replace(/\W+/g, ''), email_domain: t.email_domain ?? '', icon: { image_default: true } } };
    },

    'users.info': ({ args }) => {
      const user = str(args, 'user');
      if (!user || !userKnown(user)) throw new SlackError('user_not_found');
      return { user: userObject(user) };
    },

    'reactions.add': ({ args, auth }) => {
      const channel = str(args, 'channel');
      if (!channel) throw new SlackError('channel_not_found');
      channelFor(channel);
      const ts = need(args, 'timestamp');
      const name = need(args, 'name');
      // Messages the app did not post (users' messages) are not known here; only known ones keep reactions.
      const m = findMessage(channel, ts);
      if (m) {
        m.reactions ??= [];
        let r = m.reactions.find((x) => x.name === name);
        if (r?.users.includes(auth!.userId)) throw new SlackError('already_reacted');
        if (!r) m.reactions.push((r = { name, users: [], count: 0 }));
        r.users.push(auth!.userId);
        r.count += 1;
      }
      return {};
    },

    'views.open': ({ args, auth }) => {
      need(args, 'trigger_id');
      if (args.view === undefined) throw missing('view');
      const view = checkView(args.view, 'modal');
      const v = newViewFrom(view, auth!, {});
      views.set(v.id, v);
      lastViewId = v.id;
      return { view: v };
    },

    'views.push': ({ args, auth }) => {
      need(args, 'trigger_id');
      if (args.view === undefined) throw missing('view');
      const view = checkView(args.view, 'modal');
      const prev = lastViewId ? views.get(lastViewId) : undefined;
      const v = newViewFrom(view, auth!, prev ? { previous_view_id: prev.id, root_view_id: prev.root_view_id } : {});
      views.set(v.id, v);
      lastViewId = v.id;
      return { view: v };
    },

    'views.update': ({ args }) => {
      if (args.view === undefined) throw missing('view');
      const viewId = str(args, 'view_id');
      const externalId = str(args, 'external_id');
      if (!viewId && !externalId) throw missing('view_id');
      const old = viewId ? views.get(viewId) : [...views.values()].find((v) => v.external_id === externalId);
      if (!old) throw new SlackError('not_found');
      const hash = str(args, 'hash');
      if (hash && hash !== old.hash) throw new SlackError('hash_conflict');
      const view = checkView(args.view, old.type === 'home' ? 'home' : 'modal');
      return { view: replaceView(old, view) };
    },

    'views.publish': ({ args, auth }) => {
      const user = need(args, 'user_id');
      if (args.view === undefined) throw missing('view');
      if (!userKnown(user)) throw new SlackError('not_found');
      const view = checkView(args.view, 'home');
      const oldId = homeViews.get(user);
      const old = oldId ? views.get(oldId) : undefined;
      const hash = str(args, 'hash');
      if (old && hash && hash !== old.hash) throw new SlackError('hash_conflict');
      const v = old ? replaceView(old, view) : newViewFrom(view, auth!, { title: null, close: null, submit: null });
      views.set(v.id, v);
      homeViews.set(user, v.id);
      return { view: v };
    },

    'oauth.v2.access': ({ args }) => {
      const oauth = opts.oauth;
      const clientId = str(args, 'client_id');
      const clientSecret = str(args, 'client_secret');
      if (!clientId || !oauth || clientId !== oauth.clientId) throw new SlackError('invalid_client_id');
      if (clientSecret !== oauth.clientSecret) throw new SlackError('bad_client_secret');
      if (str(args, 'grant_type') === 'refresh_token') {
        // a refresh token is revoked once used
        const renewed = refreshTokens.get(str(args, 'refresh_token') ?? '');
        if (!oauth.rotation || !renewed || renewed.used) throw new SlackError('invalid_refresh_token');
        renewed.used = true;
        const pair = rotatingPair(renewed.auth, oauth.rotation.expiresIn);
        return {
          app_id: bot.appId,
          scope: 'chat:write,commands,users:read,im:write,reactions:write,channels:read,groups:read,files:write',
          token_type: 'bot',
          ...pair,
          bot_user_id: renewed.auth.userId,
          team: { id: renewed.auth.teamId, name: renewed.auth.teamName },
          enterprise: renewed.auth.enterpriseId ? { id: renewed.auth.enterpriseId, name: 'Enterprise' } : null,
          is_enterprise_install: false,
        };
      }
      const code = str(args, 'code');
      if (!code || usedCodes.has(code) || (oauth.codes && !oauth.codes.includes(code))) throw new SlackError('invalid_code');
      usedCodes.add(code);
      const base: Record<string, unknown> = {
        app_id: bot.appId,
        authed_user: { id: 'U0INSTALL1' },
        scope: 'chat:write,commands,users:read,im:write,reactions:write,channels:read,groups:read,files:write',
        token_type: 'bot',
        access_token: `xoxb-${randomBytes(6).toString('hex')}-${randomBytes(6).toString('hex')}-${randomBytes(12).toString('hex')}`,
        bot_user_id: bot.userId,
        team: { id: team.id, name: team.name },
        enterprise: team.enterpriseId ? { id: team.enterpriseId, name: 'Enterprise' } : null,
        is_enterprise_install: false,
      };
      const over = typeof oauth.installation === 'function' ? oauth.installation(code, args) : (oauth.installation ?? {});
      const answer = { ...base, ...over };
      const t = isObject(answer.team) ? answer.team : {};
      const ent = isObject(answer.enterprise) ? answer.enterprise : undefined;
      if (typeof answer.access_token === 'string') {
        const auth = {
          teamId: typeof t.id === 'string' ? t.id : team.id,
          teamName: typeof t.name === 'string' ? t.name : team.name,
          ...(typeof ent?.id === 'string' ? { enterpriseId: ent.id } : {}),
          userId: typeof answer.bot_user_id === 'string' ? answer.bot_user_id : bot.userId,
          botId: randomId('B', 10),
        };
        if (oauth.rotation) Object.assign(answer, rotatingPair(auth, oauth.rotation.expiresIn));
        else addToken({ token: answer.access_token, ...auth });
      }
      const au = isObject(answer.authed_user) ? answer.authed_user : undefined;
      if (au && typeof au.access_token === 'string' && typeof au.id === 'string') {
        addToken({ token: au.access_token, teamId: typeof t.id === 'string' ? t.id : team.id, userId: au.id, botId: '' });
      }
      return answer;
    },

    'files.getUploadURLExternal': ({ args }) => {
      const filename = need(args, 'filename');
      const length = Number(need(args, 'length'));
      if (!Number.isInteger(length) || length < 0) throw new SlackError('invalid_arguments', { response_metadata: { messages: ['[ERROR] length must be an integer [json-pointer:/length]'] } });
      const id = randomId('F', 10);
      files.set(id, { id, filename, length, completed: false });
      return { upload_url: `${origin}/upload/v1/${id}`, file_id: id };
    },

    'files.completeUploadExternal': ({ args, auth }) => {
      const list = args.files;
      if (!Array.isArray(list) || list.length === 0) throw missing('files');
      const channel = str(args, 'channel_id') ?? str(args, 'channels')?.split(',')[0];
      if (channel) postable(channel);
      const done: Record<string, unknown>[] = [];
      for (const item of list) {
        const id = isObject(item) && typeof item.id === 'string' ? item.id : undefined;
        const f = id ? files.get(id) : undefined;
        if (!f || f.content === undefined) throw new SlackError('file_not_found');
        f.completed = true;
        if (isObject(item) && typeof item.title === 'string') f.title = item.title;
        if (channel) f.channel = channel;
        const comment = str(args, 'initial_comment');
        if (comment) f.initial_comment = comment;
        const thread = str(args, 'thread_ts');
        if (thread) f.thread_ts = thread;
        const now = Math.floor(Date.now() / 1000);
        done.push({
          id: f.id,
          created: now,
          timestamp: now,
          name: f.filename,
          title: f.title ?? f.filename,
          mimetype: '',
          filetype: '',
          pretty_type: '',
          user: auth!.userId,
          user_team: auth!.teamId,
          editable: false,
          size: f.content.length,
          mode: 'hosted',
          is_external: false,
          external_type: '',
          is_public: false,
          public_url_shared: false,
          display_as_bot: false,
          username: '',
          url_private: `https://files.slack.com/files-pri/${auth!.teamId}-${f.id}/${encodeURIComponent(f.filename)}`,
          permalink: `https://${auth!.teamDomain}.slack.com/files/${auth!.userId}/${f.id}/${encodeURIComponent(f.filename)}`,
          comments_count: 0,
          shares: {},
          channels: [],
          groups: [],
          ims: [],
          has_more_shares: false,
          has_rich_preview: false,
          file_access: 'visible',
        });
      }
      if (channel) {
        const m: FakeMessage = {
          type: 'message',
          channel,
          ts: nextTs(),
          text: str(args, 'initial_comment') ?? '',
          user: auth!.userId,
          team: auth!.teamId,
          bot_id: auth!.botId,
          app_id: bot.appId,
          files: done,
          ...(str(args, 'thread_ts') ? { thread_ts: str(args, 'thread_ts')! } : {}),
          updates: 0,
          history: [args],
        };
        store(channel).push(m);
      }
      return { files: done };
    },
  };

  // ---- faults

  const takeFault = (method: string, token?: string): FakeFault | undefined => {
    const now = Date.now();
    faults = faults.filter((f) => (f.until === undefined ? f.remaining > 0 : f.until > now));
    const f = faults.find((x) => (x.method === method || (x.method === '*' && method !== 'response_url')) && (x.token === undefined || x.token === token));
    if (!f) return undefined;
    if (f.until === undefined) f.remaining -= 1;
    return f.fault;
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  /** turns a fault into the answer, or undefined for a pure delay */
  const faultAnswer = (fault: FakeFault): HttpAnswer | SlackError | undefined => {
    if ('error' in fault) return new SlackError(fault.error, fault.extra ?? {});
    if ('status' in fault) {
      if (fault.status === 429) {
        const ra = 'retryAfter' in fault ? fault.retryAfter : undefined;
        return new HttpAnswer(429, JSON.stringify({ ok: false, error: 'ratelimited' }), { 'retry-after': String(ra ?? 1) }, 'ratelimited');
      }
      const body = 'body' in fault && typeof fault.body === 'string' ? fault.body : `<html><body><h1>${fault.status}</h1></body></html>`;
      return new HttpAnswer(fault.status, body, { 'content-type': 'text/html' }, `http_${fault.status}`);
    }
    return undefined;
  };

  // ---- HTTP

  const send = (res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-slack-req-id': randomBytes(16).toString('hex'), ...headers });
    res.end(body);
  };

  const handleApi = async (method: string, req: IncomingMessage, res: ServerResponse, raw: Buffer, query: URLSearchParams) => {
    const at = Date.now();
    const contentType = String(req.headers['content-type'] ?? '');
    const authz = String(req.headers.authorization ?? '');
    let token: string | undefined = /^Bearer\s+(.+)$/i.exec(authz)?.[1]?.trim();
    let args: Args = {};
    let status = 200;
    let body: Record<string, unknown>;
    let headers: Record<string, string> = {};
    let rawOut: string | undefined;
    try {
      try {
        args = parseArgs(raw, contentType, query);
      } finally {
        if (token === undefined && typeof args.token === 'string' && !contentType.includes('json')) token = args.token;
        delete args.token;
      }
      const fault = takeFault(method, token);
      if (fault) {
        if (fault.delayMs) await sleep(fault.delayMs);
        const ans = faultAnswer(fault);
        if (ans) throw ans;
      }
      const handler = handlers[method];
      if (!handler) throw new SlackError('unknown_method', { req_method: method });
      let auth: Auth | undefined;
      if (!NO_TOKEN_METHODS.has(method)) {
        if (!token) throw new SlackError('not_authed');
        if (revoked.has(token)) throw new SlackError('token_revoked');
        if (Date.now() >= (expiresAt.get(token) ?? Infinity)) throw new SlackError('token_expired');
        auth = tokens.get(token);
        if (!auth) throw new SlackError('invalid_auth');
      } else if (method === 'oauth.v2.access' && authz.toLowerCase().startsWith('basic ')) {
        const [id, secret] = Buffer.from(authz.slice(6).trim(), 'base64').toString('utf8').split(':');
        args.client_id ??= id;
        args.client_secret ??= secret;
        token = undefined;
      }
      // Slack names the token's scopes on every call it authenticated
      if (auth) headers = { 'x-oauth-scopes': auth.scopes.join(',') };
      body = { ok: true, ...handler({ args, auth, method }) };
    } catch (err) {
      if (err instanceof HttpAnswer) {
        status = err.status;
        rawOut = err.body;
        headers = err.headers;
        body = { ok: false, error: err.errorCode ?? `http_${err.status}` };
        if (status === 429) stats.rateLimited += 1;
      } else if (err instanceof SlackError) {
        body = { ok: false, error: err.code, ...err.extra };
      } else {
        status = 500;
        body = { ok: false, error: 'fake_slack_internal_error', detail: String((err as Error)?.stack ?? err) };
      }
    }
    const out = rawOut ?? JSON.stringify(body);
    calls.push({
      method,
      args,
      token,
      at,
      status,
      ok: body.ok === true,
      ...(body.ok === true ? {} : { error: String(body.error) }),
      response: rawOut !== undefined && status !== 429 ? rawOut : body,
      contentType,
    });
    send(res, status, out, headers);
  };

  const handleResponseUrl = async (id: string, req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const at = Date.now();
    const contentType = String(req.headers['content-type'] ?? '');
    let body: Record<string, unknown>;
    const text = raw.toString('utf8');
    try {
      if (contentType.includes('application/x-www-form-urlencoded')) {
        const form = new URLSearchParams(text);
        const p = form.get('payload');
        body = p !== null ? JSON.parse(p) : Object.fromEntries(form);
      } else {
        body = JSON.parse(text);
      }
    } catch {
      body = { raw: text };
    }
    let status = 200;
    let out = JSON.stringify({ ok: true });
    const used = responses.filter((r) => r.id === id && r.status === 200).length;
    const fault = takeFault('response_url');
    if (fault?.delayMs) await sleep(fault.delayMs);
    const ans = fault ? faultAnswer(fault) : undefined;
    if (ans instanceof SlackError) {
      status = 404;
      out = ans.code;
    } else if (ans instanceof HttpAnswer) {
      status = ans.status;
      out = ans.body;
      if (status === 429) stats.rateLimited += 1;
    } else if (used >= maxResponseUses) {
      status = 404;
      out = 'used_url';
    } else {
      const refused = responseBlocksError(body);
      if (refused) {
        status = 400;
        out = refused;
      }
    }
    responses.push({ id, body, at, status, contentType });
    send(res, status, out, status === 200 ? {} : { 'content-type': 'text/plain' });
  };

  const handleUpload = (fileId: string, req: IncomingMessage, res: ServerResponse, raw: Buffer) => {
    const f = files.get(fileId);
    if (!f) {
      send(res, 404, 'file_not_found', { 'content-type': 'text/plain' });
      return;
    }
    const ct = String(req.headers['content-type'] ?? '');
    let content = raw;
    if (ct.includes('multipart/form-data')) {
      const parts = parseMultipart(raw, ct);
      const part = parts.find((p) => p.filename !== undefined) ?? parts[0];
      content = part?.data ?? Buffer.alloc(0);
    }
    f.content = Buffer.from(content);
    send(res, 200, `OK - ${content.length}`, { 'content-type': 'text/plain' });
  };

  const server = createServer((req, res) => {
    void (async () => {
      try {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const raw = await readBody(req);
        const path = url.pathname;
        if (path.startsWith('/api/')) {
          await handleApi(decodeURIComponent(path.slice(5)), req, res, raw, url.searchParams);
        } else if (path.startsWith('/response/') && req.method === 'POST') {
          await handleResponseUrl(decodeURIComponent(path.slice(10)), req, res, raw);
        } else if (path.startsWith('/upload/v1/') && req.method === 'POST') {
          handleUpload(decodeURIComponent(path.slice(11)), req, res, raw);
        } else {
          send(res, 404, JSON.stringify({ ok: false, error: 'not_found' }));
        }
      } catch (err) {
        if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: 'fake_slack_internal_error', detail: String(err) }));
        else res.end();
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;

  const clone = <T>(v: T): T => structuredClone(v);

  const fake: FakeSlack = {
    url: origin,
    apiUrl: `${origin}/api/`,
    port,
    calls,
    stats,
    responseUrl: (id) => `${origin}/response/${encodeURIComponent(id)}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    messages: (channel) => clone(messagesByChannel.get(channel) ?? []),
    message: (channel, ts) => {
      const m = findMessage(channel, ts);
      return m ? clone(m) : undefined;
    },
    allMessages: () => clone([...messagesByChannel.values()].flat().sort((a, b) => Number(a.ts) - Number(b.ts))),
    ephemerals: (channel) => clone(channel === undefined ? ephemerals : ephemerals.filter((e) => e.channel === channel)),
    view: (id) => {
      const v = views.get(id);
      return v ? clone(v) : undefined;
    },
    views: () => clone([...views.values()]),
    homeView: (userId) => {
      const id = homeViews.get(userId);
      const v = id ? views.get(id) : undefined;
      return v ? clone(v) : undefined;
    },
    files: () => [...files.values()].map((f) => ({ ...f, ...(f.content ? { content: Buffer.from(f.content) } : {}) })),
    responses: (id) => clone(responses.filter((r) => r.id === id)),
    allResponses: () => clone(responses),
    dmChannelFor,
    seedMessage: (channel, msg) => {
      if (!channels.has(channel)) addChannel(channel);
      const m: FakeMessage = {
        type: 'message',
        channel,
        ts: msg.ts ?? nextTs(),
        text: msg.text ?? '',
        user: msg.user,
        team: team.id,
        ...(msg.blocks ? { blocks: msg.blocks } : {}),
        ...(msg.thread_ts ? { thread_ts: msg.thread_ts } : {}),
        updates: 0,
        history: [],
      };
      const list = store(channel);
      list.push(m);
      list.sort((a, b) => Number(a.ts) - Number(b.ts));
      return clone(m);
    },
    addToken,
    revokeToken: (token) => {
      revoked.add(token);
    },
    addChannel,
    addUser,
    setEventAuthorizations: (eventContext, authorizations) => {
      eventAuthorizations.set(eventContext, structuredClone(authorizations));
    },
    failNext: (method, fault, times = 1, only = {}) => {
      faults.push({ method, fault, remaining: times, token: only.token });
    },
    failFor: (method, ms, fault, only = {}) => {
      faults.push({ method, fault, remaining: Infinity, until: Date.now() + ms, token: only.token });
    },
    clearFaults: () => {
      faults = [];
    },
    waitFor: async <T>(predicate: WaitForPredicate<T>, timeoutMs = 5000): Promise<Truthy<T>> => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const v = predicate(calls, fake);
        if (v) return v as Truthy<T>;
        if (Date.now() >= deadline) {
          const seen = calls.map((c) => `${c.method}:${c.status}${c.error ? `:${c.error}` : ''}`).join(', ') || 'none';
          throw new Error(`fake Slack: condition not met within ${timeoutMs} ms; calls so far: ${seen}`);
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    reset: () => {
      calls.length = 0;
      messagesByChannel.clear();
      ephemerals.length = 0;
      views.clear();
      homeViews.clear();
      files.clear();
      responses.length = 0;
      usedCodes.clear();
      expiresAt.clear();
      refreshTokens.clear();
      eventAuthorizations.clear();
      faults = [];
      buckets.clear();
      stats.posted = 0;
      stats.rateLimited = 0;
      stats.perChannel = {};
      stats.rateLimitedPerChannel = {};
      lastViewId = undefined;
      configure();
    },
    close: async () => {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
  return fake;
}
