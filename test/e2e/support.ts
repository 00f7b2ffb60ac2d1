// Shared by the e2e files: a real Tend (HTTP receiver) pointed at a fake Slack, and signed
// requests to its /slack/events.
import { randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { startFakeSlack, type FakeSlack, type FakeSlackOptions } from '../support/fake-slack.ts';
import { checkBlockKit } from '../support/block-kit-limits.ts';
import type { BootOverrides } from '../../src/boot.ts';
import { SIGNING_SECRET, startTestApp, type TestApp } from '../support/app.ts';
import {
  blockActionsPayload, blockSuggestionPayload, interactionBody, postSigned, slashCommandBody, triggerId, viewSubmissionPayload,
  type BlockActionsOpts, type BlockSuggestionOpts, type ViewSubmissionOpts,
} from '../support/slack-sign.ts';

export const TEAM = 'T0TEND0001';
export const ALICE = 'U0ALICE001';
/** an admin of the Slack workspace, so a Tend manager once he uses a manager's verb */
export const BOB = 'U0BOB00001';

export type Env = { app: TestApp; fake: FakeSlack };

/** `appOpts`: boot overrides for the app (a logger to read, a clock). */
export async function startEnv(fakeOpts: FakeSlackOptions = {}, appOpts: BootOverrides = {}): Promise<Env> {
  const fake = await startFakeSlack({
    users: { [ALICE]: { name: 'alice', real_name: 'Alice Rep', tz: 'America/New_York' }, [BOB]: { name: 'bob', real_name: 'Bob Manager', tz: 'Europe/Berlin', is_admin: true } },
    ...fakeOpts,
  });
  const app = await startTestApp({ slackApiUrl: fake.apiUrl, roles: 'web', ...appOpts });
  return { app, fake };
}

export async function stopEnv(env: Env | undefined): Promise<void> {
  await env?.app.stop();
  await env?.fake.close();
}

export type SlashOpts = { user?: string; team?: string; channel?: string; triggerId?: string; responseId?: string; timestamp?: number; secret?: string };

export type Answer = { status: number; body: Record<string, any> | null; raw: string; responseId: string; triggerId: string; ms: number };

async function read(res: Response, t0: number, responseId: string, trigger: string): Promise<Answer> {
  const raw = await res.text();
  let body: Record<string, any> | null = null;
  try {
    body = raw ? JSON.parse(raw) : null;
  } catch {
    body = null;
  }
  return { status: res.status, body, raw, responseId, triggerId: trigger, ms: Date.now() - t0 };
}

export async function slash(env: Env, command: string, text: string, o: SlashOpts = {}): Promise<Answer> {
  const responseId = o.responseId ?? randomBytes(6).toString('hex');
  const trigger = o.triggerId ?? triggerId();
  const body = slashCommandBody({
    command, text, team_id: o.team ?? TEAM, user_id: o.user ?? ALICE, channel_id: o.channel ?? 'C0GENERAL1',
    response_url: env.fake.responseUrl(responseId), trigger_id: trigger,
  });
  const t0 = Date.now();
  const res = await postSigned(`${env.app.url}/slack/events`, { body, secret: o.secret ?? SIGNING_SECRET, ...(o.timestamp ? { timestamp: o.timestamp } : {}) });
  return read(res, t0, responseId, trigger);
}

export async function interact(env: Env, payload: unknown): Promise<Answer> {
  const t0 = Date.now();
  const res = await postSigned(`${env.app.url}/slack/events`, { body: interactionBody(payload), secret: SIGNING_SECRET });
  return read(res, t0, '', '');
}

export function click(env: Env, o: BlockActionsOpts & { responseId: string }): Promise<Answer> {
  return interact(env, blockActionsPayload({ userId: ALICE, ...o, responseUrl: env.fake.responseUrl(o.responseId) }));
}

export function submit(env: Env, o: ViewSubmissionOpts): Promise<Answer> {
  return interact(env, viewSubmissionPayload({ userId: ALICE, ...o }));
}

export function suggest(env: Env, o: BlockSuggestionOpts): Promise<Answer> {
  return interact(env, blockSuggestionPayload({ userId: ALICE, ...o }));
}

/** Every text string in a message body, joined: what the person reads. */
export function textOf(v: unknown): string {
  if (Array.isArray(v)) return v.map(textOf).filter(Boolean).join('\n');
  if (typeof v !== 'object' || v === null) return '';
  return Object.entries(v as Record<string, unknown>)
    .map(([k, x]) => (k === 'text' && typeof x === 'string' ? x : textOf(x)))
    .filter(Boolean)
    .join('\n');
}

/**
 * What the person saw: the HTTP answer when the app answered within the request, else the
 * message it sent to response_url after an empty ack (its path when the work ran long, as
 * on a loaded machine). Both must be ephemeral, and within Block Kit's limits (the fake
 * Slack also refuses a response_url post past them, as Slack does).
 */
export async function answerOf(env: Env, a: Answer): Promise<Record<string, any>> {
  const body = a.body && (a.body.text || a.body.blocks) ? a.body : null;
  if (!body) expect(a.raw).toBe('');
  const seen = body ?? (await responseBody(env, a.responseId));
  expect(checkBlockKit('message', seen)).toEqual([]);
  return seen;
}

/** Buttons in a message body, flattened. */
export function buttonsOf(body: Record<string, any> | null | undefined): Record<string, any>[] {
  return ((body?.blocks ?? []) as Record<string, any>[]).filter((b) => b.type === 'actions').flatMap((b) => b.elements);
}

/** Waits for the n-th post to a response_url and returns its body. */
export async function responseBody(env: Env, id: string, n = 1): Promise<Record<string, any>> {
  const posts = await env.fake.waitFor((_c, f) => (f.responses(id).length >= n ? f.responses(id) : null), 5_000);
  return posts[n - 1]!.body;
}

export async function workspaceId(env: Env, team = TEAM): Promise<number> {
  const ws = await env.app.db.prisma.workspace.findUniqueOrThrow({ where: { slackTeamId: team } });
  return ws.id;
}

/** Makes an account (with aliases) directly in the database, as a factory. */
export async function makeAccount(env: Env, name: string, o: { aliases?: string[]; team?: string } = {}): Promise<number> {
  const { nameKey } = await import('../../src/domain/text.ts');
  const team = o.team ?? TEAM;
  const ws = await env.app.db.prisma.workspace.upsert({ where: { slackTeamId: team }, update: {}, create: { slackTeamId: team } });
  const a = await env.app.db.prisma.account.create({ data: { workspaceId: ws.id, name, nameKey: nameKey(name) } });
  for (const alias of o.aliases ?? []) {
    await env.app.db.prisma.accountAlias.create({ data: { workspaceId: ws.id, accountId: a.id, alias, aliasKey: nameKey(alias) } });
  }
  return a.id;
}

export async function makeProduct(env: Env, name: string, position = 0): Promise<number> {
  const { nameKey } = await import('../../src/domain/text.ts');
  const ws = await env.app.db.prisma.workspace.upsert({ where: { slackTeamId: TEAM }, update: {}, create: { slackTeamId: TEAM } });
  const p = await env.app.db.prisma.product.create({ data: { workspaceId: ws.id, name, nameKey: nameKey(name), position } });
  return p.id;
}

export { SIGNING_SECRET, triggerId };
