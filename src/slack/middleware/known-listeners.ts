// What Tend listens for, recorded from the listener registrations themselves (so the list
// cannot drift from the code; test/unit/manifest.test.ts keeps the manifest's commands equal
// to those registrations). A request no registration would match is answered at once by the
// HTTP edge instead of waiting out Bolt's 3-second unhandled-request timeout.
import type { App } from '@slack/bolt';
import { escapeTruncate } from '../../domain/text.ts';

type Pattern = string | RegExp;
/** A registration's constraint as Bolt normalises it: every key given must match. */
export type Constraint = { action_id?: Pattern; block_id?: Pattern; callback_id?: Pattern; type?: string };

export type KnownListeners = { command: Pattern[]; action: Constraint[]; options: Constraint[]; view: Constraint[]; shortcut: Constraint[] };

export function emptyKnownListeners(): KnownListeners {
  return { command: [], action: [], options: [], view: [], shortcut: [] };
}

const isPattern = (v: unknown): v is Pattern => typeof v === 'string' || v instanceof RegExp;

/** Bolt's own shorthand: a bare id means action_id (actions, options) or callback_id (views, shortcuts). */
function normalise(kind: Exclude<keyof KnownListeners, 'command'>, c: unknown): Constraint {
  if (!isPattern(c)) return c as Constraint;
  if (kind === 'action' || kind === 'options') return { action_id: c };
  if (kind === 'view') return { callback_id: c, type: 'view_submission' };
  return { callback_id: c };
}

/** `app`, with every command/action/options/view/shortcut registration also written to `known`. */
export function recordingApp(app: App, known: KnownListeners): App {
  return new Proxy(app, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (typeof value !== 'function') return value;
      if (prop === 'command' || prop === 'action' || prop === 'options' || prop === 'view' || prop === 'shortcut') {
        return (...args: unknown[]) => {
          if (prop === 'command') known.command.push(args[0] as Pattern);
          else known[prop].push(normalise(prop, args[0]));
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return (value as (...a: unknown[]) => unknown).bind(target);
    },
  });
}

const test = (p: Pattern, v: string | undefined) => v !== undefined && (typeof p === 'string' ? p === v : p.test(v));

function matches(c: Constraint, fields: Record<keyof Constraint, string | undefined>): boolean {
  return (Object.keys(c) as (keyof Constraint)[]).every((k) => c[k] === undefined || test(c[k]!, fields[k]));
}

/** How the edge answers a request nothing is registered for (always a 200: Slack's own semantics). */
export type UnhandledAnswer = { body: Record<string, unknown> | null; name: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * The answer for a request no listener would take (its body as the edge parsed it), or null
 * when one would (or when it is an Events API callback, which Bolt acknowledges before any
 * listener runs). A slash command
 * Tend does not have gets a 200 with an ephemeral hint, as the user sees it; an interaction
 * gets an empty 200 (an acknowledgement), or no options for an external select.
 */
export function unhandledAnswer(p: Record<string, unknown>, known: KnownListeners): UnhandledAnswer | null {
  const command = str(p.command);
  if (command !== undefined) {
    if (known.command.some((c) => test(c, command))) return null;
    return {
      name: 'unknown',
      body: { response_type: 'ephemeral', text: `Tend has no \`${escapeTruncate(command, 40)}\` command. Try \`/tend help\` for what it can do.` },
    };
  }
  const type = str(p.type);
  const ack = { name: 'unknown', body: null };
  switch (type) {
    case 'block_actions': {
      // Bolt routes a block_actions by its first action
      const a = (Array.isArray(p.actions) ? p.actions[0] : undefined) as Record<string, unknown> | undefined;
      const fields = { action_id: str(a?.action_id), block_id: str(a?.block_id), callback_id: undefined, type };
      return known.action.some((c) => matches(c, fields)) ? null : ack;
    }
    case 'block_suggestion': {
      const fields = { action_id: str(p.action_id), block_id: str(p.block_id), callback_id: undefined, type };
      return known.options.some((c) => matches(c, fields)) ? null : { name: 'unknown', body: { options: [] } };
    }
    case 'view_submission':
    case 'view_closed': {
      const view = p.view as Record<string, unknown> | undefined;
      const fields = { action_id: undefined, block_id: undefined, callback_id: str(view?.callback_id), type };
      return known.view.some((c) => matches(c, fields)) ? null : ack;
    }
    case 'shortcut':
    case 'message_action': {
      const fields = { action_id: undefined, block_id: undefined, callback_id: str(p.callback_id), type };
      return known.shortcut.some((c) => matches(c, fields)) ? null : ack;
    }
    case 'app_rate_limited':
      // the Events API's notice that it is holding back this app's events for a minute: an
      // envelope Bolt has no listener kind for (it would time out into a 404, and unanswered
      // deliveries count toward Slack disabling the subscription)
      return { name: 'app_rate_limited', body: null };
    default:
      // legacy interactions (interactive_message, dialogs, workflow steps): Bolt decides
      return null;
  }
}
