// manifest.yml creates the app as the code expects it: every command and event the code
// listens for is in the manifest and the reverse, and the OAuth scopes are the ones asked for.
// Its Socket Mode twin, manifest.socket.yml, declares the same commands, events, shortcuts and scopes.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BOT_SCOPES, botScopes, HISTORY_SCOPES } from '../../src/slack/app.ts';
import { CALLBACKS } from '../../src/views/ids.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const manifest = parse(readFileSync(path.join(root, 'manifest.yml'), 'utf8'));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [readFileSync(p, 'utf8')] : [];
  });
}
const code = sources(path.join(root, 'src/slack')).join('\n');
const listened = (kind: 'command' | 'event') =>
  [...code.matchAll(new RegExp(`app\\.${kind}\\(\\s*'([^']+)'`, 'g'))].map((m) => m[1]!).sort();

describe('manifest.yml', () => {
  it('declares exactly the slash commands the app listens for', () => {
    const declared = (manifest.features.slash_commands as { command: string }[]).map((c) => c.command).sort();
    expect(declared).toEqual([...new Set(listened('command'))]);
  });

  it('subscribes to exactly the events the app listens for', () => {
    // one `message` listener takes the message.* subscriptions: public and private channels
    const subscriptions = (e: string) => (e === 'message' ? ['message.channels', 'message.groups'] : [e]);
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([...new Set(listened('event').flatMap(subscriptions))].sort());
  });

  it('declares exactly the shortcuts the app listens for', () => {
    const declared = ((manifest.features.shortcuts ?? []) as { callback_id: string; type: string }[]).map((s) => `${s.type}:${s.callback_id}`).sort();
    const shortcuts = [...code.matchAll(/app\.shortcut\(\{\s*callback_id:\s*CALLBACKS\.(\w+),\s*type:\s*'message_action'/g)].map((m) => `message:${CALLBACKS[m[1] as keyof typeof CALLBACKS]}`);
    expect(declared).toEqual(shortcuts.sort());
    expect(declared).toEqual(['message:log_to_tend']);
  });

  it('asks for the bot scopes the OAuth flow requests, and the events need', () => {
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([...BOT_SCOPES].sort());
    expect(BOT_SCOPES).toContain('reactions:read'); // reaction_added
  });

  it('routes commands, interactivity, options and events to /slack/events', () => {
    const urls = [
      ...manifest.features.slash_commands.map((c: { url: string }) => c.url),
      manifest.settings.interactivity.request_url,
      manifest.settings.interactivity.message_menu_options_url,
      manifest.settings.event_subscriptions.request_url,
    ];
    for (const u of urls) expect(new URL(u).pathname).toBe('/slack/events');
    expect(new URL(manifest.oauth_config.redirect_urls[0]).pathname).toBe('/slack/oauth_redirect');
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
  });
});

describe('manifest.socket.yml (the Socket Mode twin)', () => {
  const socket = parse(readFileSync(path.join(root, 'manifest.socket.yml'), 'utf8'));
  type Command = { command: string; url?: string };
  // everything but the URLs, which the Socket Mode app does not have
  const commands = (m: typeof manifest) => (m.features.slash_commands as Command[]).map(({ url: _url, ...c }) => c).sort((a, b) => a.command.localeCompare(b.command));
  const sorted = (v: unknown) => [...((v as string[] | undefined) ?? [])].sort();
  const strings = (v: unknown): string[] =>
    typeof v === 'string' ? [v] : Array.isArray(v) ? v.flatMap(strings) : v && typeof v === 'object' ? Object.values(v).flatMap(strings) : [];

  it('declares the same slash commands, with the same descriptions, hints and escaping', () => {
    expect(commands(socket)).toEqual(commands(manifest));
  });

  it('subscribes to the same events, both ways', () => {
    expect(sorted(socket.settings.event_subscriptions.bot_events)).toEqual(sorted(manifest.settings.event_subscriptions.bot_events));
    expect(sorted(socket.settings.event_subscriptions.user_events)).toEqual(sorted(manifest.settings.event_subscriptions.user_events));
  });

  it('has the same shortcuts and asks for the same scopes, both ways', () => {
    expect(socket.features.shortcuts ?? []).toEqual(manifest.features.shortcuts ?? []);
    expect(sorted(socket.oauth_config.scopes.bot)).toEqual(sorted(manifest.oauth_config.scopes.bot));
    expect(sorted(socket.oauth_config.scopes.user)).toEqual(sorted(manifest.oauth_config.scopes.user));
  });

  it('turns on Socket Mode and holds no URL at all; the HTTP manifest does the reverse', () => {
    expect(socket.settings.socket_mode_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(strings(socket).filter((s) => /https?:\/\//.test(s))).toEqual([]);
    expect(socket.settings.interactivity.is_enabled).toBe(true);
    expect(socket.features.app_home).toEqual(manifest.features.app_home);
    expect(socket.settings.org_deploy_enabled).toBe(manifest.settings.org_deploy_enabled);
  });

  it('subscribes both to team_access_revoked, since org-wide installs are enabled', () => {
    expect(manifest.settings.org_deploy_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('team_access_revoked');
    expect(socket.settings.event_subscriptions.bot_events).toContain('team_access_revoked');
  });
});

describe('Slack scopes: manifest.yml, the code and the README table', () => {
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
  const section = readme.split('\n## Slack scopes\n')[1]?.split('\n## ')[0] ?? '';
  const rows = [...section.matchAll(/^\| `([a-z]+:[a-z_.:]+|commands)` \| ([^|]+) \|/gm)].map((m) => ({ scope: m[1]!, when: m[2]!.trim() }));
  const always = rows.filter((r) => r.when === 'always').map((r) => r.scope).sort();
  const optIn = rows.filter((r) => r.when === 'only with `TEND_RECONCILE_WITH_HISTORY=true`').map((r) => r.scope).sort();
  const manifestScopes = [...(manifest.oauth_config.scopes.bot as string[])].sort();
  const runtime = ['src', 'jobs'].flatMap((d) => sources(path.join(root, d))).join('\n');

  // the Slack API each scope grants, as the code calls it (conversations.history is the only
  // call the history scopes allow Tend)
  const USES: Record<string, RegExp> = {
    commands: /app\.command\(/,
    'chat:write': /\.chat\.(postMessage|update|postEphemeral)\(/,
    'im:write': /\.conversations\.open\(/,
    'reactions:read': /app\.event\(\s*'reaction_added'/,
    'users:read': /\.users\.info\(/,
    'files:write': /\.files\.(getUploadURLExternal|completeUploadExternal)\(/,
    // message.channels / message.groups (capture) and conversations.history (reconcile)
    'channels:history': /app\.event\(\s*'message'/,
    'groups:history': /app\.event\(\s*'message'/,
    'im:history': /\.conversations\.history\(/,
    'channels:read': /\.conversations\.info\(/,
    'groups:read': /\.conversations\.info\(/,
    'team:read': /\.team\.info\(/,
  };
  // every Web API method the code calls, with the scope it needs (none: the method needs no scope)
  const NEEDS: Record<string, string | null> = {
    'chat.postMessage': 'chat:write', 'chat.update': 'chat:write', 'chat.postEphemeral': 'chat:write',
    'conversations.open': 'im:write', 'conversations.history': 'channels:history',
    'users.info': 'users:read', 'files.getUploadURLExternal': 'files:write', 'files.completeUploadExternal': 'files:write',
    'views.open': null, 'views.publish': null, 'views.update': null, 'views.push': null, 'auth.test': null,
    // Slack Connect offers (and the doctor, which copes with an app created before it was asked for)
    'conversations.info': 'channels:read', 'conversations.members': 'channels:read', 'team.info': 'team:read',
  };

  it('the README table lists every scope the manifest asks for and no other, both ways', () => {
    expect(rows.length).toBeGreaterThan(0);
    expect(always).toEqual(manifestScopes);
    expect(always).toEqual([...BOT_SCOPES].sort());
  });

  it('the opt-in history scopes are in the table, in the manifest comment, and only in the OAuth request when turned on', () => {
    expect(optIn).toEqual([...HISTORY_SCOPES].sort());
    for (const s of HISTORY_SCOPES) expect(manifestScopes).not.toContain(s);
    // the manifest's comment tells an operator turning it on which scopes to add
    const text = readFileSync(path.join(root, 'manifest.yml'), 'utf8');
    const comment = text.slice(text.indexOf('TEND_RECONCILE_WITH_HISTORY')).split('\n').filter((l) => l.trim().startsWith('#') || l.includes('TEND_RECONCILE')).join('\n');
    for (const s of HISTORY_SCOPES) expect(comment).toContain(s);
    expect(botScopes(false)).toEqual(BOT_SCOPES);
    expect([...botScopes(true)].sort()).toEqual([...BOT_SCOPES, ...HISTORY_SCOPES].sort());
  });

  it('every scope in the table is used by the code', () => {
    for (const { scope } of rows) {
      expect(USES[scope], `${scope}: say in this test how the code uses it`).toBeDefined();
      expect(runtime, `${scope} is asked for but nothing uses it`).toMatch(USES[scope]!);
    }
  });

  it('every Web API method the code calls is allowed by a scope in the table', () => {
    const called = new Set([...runtime.matchAll(/\.(chat|conversations|users|files|views|auth|reactions|team|usergroups|pins|bookmarks)\.([a-zA-Z]+)\(/g)].map((m) => `${m[1]}.${m[2]}`));
    expect(called.size).toBeGreaterThan(5);
    for (const method of called) {
      expect(method in NEEDS, `${method}: say in this test which scope it needs`).toBe(true);
      const scope = NEEDS[method];
      if (scope) expect(rows.map((r) => r.scope), `${method} needs ${scope}`).toContain(scope);
    }
  });
});
