// /tend: the app itself. Its verbs are the table VERBS below: each row names its words, carries
// its lines of `/tend help` (views/help.ts renders them, so help cannot drift from the verbs)
// and runs. A new verb is one row here and, when it does real work, one file in ../flows/.
import type { AckFn, Middleware, RespondArguments, RespondFn, SlackCommandMiddlewareArgs } from '@slack/bolt';
import type { WebClient } from '@slack/web-api';
import { isWorkDay, workDaysOf, workDaysText } from '../../domain/working-days.ts';
import { CAPTURE_HELP, LINK_HELP, parseCaptureCommand, parseLinkCommand } from '../../domain/capture.ts';
import { CATALOG_HELP, parseCatalogCommand } from '../../domain/catalog-command.ts';
import { localTime } from '../../domain/clock.ts';
import { MANAGERS_HELP, parseManagersCommand } from '../../domain/managers.ts';
import { trimEndWhere, truncate } from '../../domain/text.ts';
import type { CommandError, SlackMessage } from '../../domain/vocabulary.ts';
import type { WorkspaceRow } from '../../data/workspaces.ts';
import type { Runtime } from '../../runtime.ts';
import { buildDbUnavailableMessage, buildErrorMessage } from '../../views/errors.ts';
import { buildTendHelpShort } from '../../views/help.ts';
import { buildSettingsModal } from '../../views/settings-modal.ts';
import { runCatalogCommand } from '../flows/catalog.ts';
import { callerFor, managerGate, workspaceOf, type Caller } from '../flows/caller.ts';
import { showDigest } from '../flows/digest.ts';
import { runManagersCommand } from '../flows/managers.ts';
import { runCaptureCommand, runLinkCommand } from '../flows/link.ts';
import { answerCommand, ephemeral, receivedAtOf } from '../reply/answer.ts';
import { guarded } from '../reply/failure.ts';
import { commandText } from '../../domain/slack-text.ts';

/** One /tend request, as a verb's row sees it. */
type TendRequest = {
  rt: Runtime;
  workspace: WorkspaceRow;
  text: string;
  command: SlackCommandMiddlewareArgs['command'];
  ack: AckFn<string | RespondArguments>;
  respond: RespondFn;
  client: WebClient;
  /** when the HTTP edge received the request (undefined in Socket Mode) */
  receivedAt: number | undefined;
};

type Verb = {
  /** the first words that choose this row; the first one is named in "Try …" */
  words: readonly string[];
  /** when the words alone do not decide (a parser does) */
  matches?: (text: string) => boolean;
  /** its lines in the full `/tend help` (after "More") */
  help: string;
  /** its one line in the short `/tend help`, for the most used verbs only */
  brief?: string;
  run: (req: TendRequest) => Promise<void>;
};

const note = (text: string): SlackMessage => ({ text: text.replace(/[*`]/g, ''), blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] });

/** Answers within Slack's window; a failure becomes the right "nothing was saved". */
const answer = (r: TendRequest, work: () => Promise<SlackMessage>) => answerCommand({ ack: r.ack, respond: r.respond, log: r.rt.log, receivedAt: r.receivedAt }, guarded(r.rt.log, r.text, '/tend', work));
const caller = (r: TendRequest) => callerFor(r.rt, r.workspace, r.command.user_id, r.client, r.command.channel_id);

/** A verb with a parser: its coded error is the answer, else the flow runs with what was parsed. */
function parsed<T>(
  parse: (text: string) => { ok: true; value: T } | { ok: false; error: CommandError } | null,
  run: (rt: Runtime, caller: Caller, value: T) => Promise<SlackMessage>,
): Verb['run'] {
  return async (r) => {
    const p = parse(r.text)!;
    if (!p.ok) await r.ack(ephemeral(buildErrorMessage(p.error)));
    else await answer(r, async () => run(r.rt, await caller(r), p.value));
  };
}

export const VERBS: readonly Verb[] = [
  {
    words: ['settings'],
    brief: '• `/tend settings` — nudge channel, digest, timezone, when an account counts as quiet (managers).',
    help: '• `/tend settings` — nudge channel, delivery, digest recipients and time, working days, timezone, when a relationship counts as quiet, daily nudges per rep (managers).',
    // views.open must use the trigger within 3 s: check the role, then open, then answer.
    run: (r) => answer(r, async () => {
      const gate = await managerGate(r.rt, await caller(r), "change Tend's settings");
      if (!gate.ok) return gate.message;
      await r.client.views.open({ trigger_id: r.command.trigger_id, view: buildSettingsModal(r.workspace, { channelId: r.command.channel_id }) });
      return note(gate.note ? `Opening the settings. ${gate.note}` : 'Opening the settings.');
    }),
  },
  {
    words: ['scan'],
    brief: '• `/tend scan` — look for nudges now.',
    help: '• `/tend scan` — look for nudges now instead of waiting for the daily scan.',
    run: (r) => answer(r, async () => {
      const { rt, workspace } = r;
      const local = localTime(rt.now(), workspace.timezone);
      // its own run, so it scans even after today's daily scan; the same minute twice is one scan
      const run = `m${String(local.hour).padStart(2, '0')}${String(local.minute).padStart(2, '0')}`;
      try {
        await rt.queues.add('scan', { workspaceId: workspace.id, localDate: local.date, run });
      } catch (err) {
        rt.log.warn({ err: (err as Error).message }, 'could not enqueue a scan');
        return note(":warning: I couldn't start the scan (the job queue isn't answering). Try again in a minute.");
      }
      const where = workspace.deliveryMode === 'owner_dm' ? "by DM to each account's owner" : workspace.nudgeChannelId ? `in <#${workspace.nudgeChannelId}>` : 'once a nudge channel is set (`/tend settings`)';
      // nudges go out at each rep's 09:00 (scan/finish.ts): only those past it with none today get them at once
      const days = workDaysOf(workspace.workDays);
      const week = days.length === 7 ? '' : ` on working days (${workDaysText(days)})`;
      // a day off here: the next morning's release carries them (domain/working-days.ts)
      const today = isWorkDay(rt.now(), workspace.timezone, days) ? ', within a few minutes for anyone past theirs who has had none today (until 18:00 their time)' : '; today is a day off, so they wait for the next working morning';
      return note(`:mag: Scanning your accounts now. New nudges appear ${where} at 09:00 in each rep's own time${week}${today}.`);
    }),
  },
  {
    words: ['digest'],
    help: '• `/tend digest` — the managers\' digest, now, just for you (managers).',
    // the digest takes a few aggregate queries: acknowledge, then it answers via response_url
    run: async (r) => {
      await r.ack();
      try {
        // every rep's figures: managers only
        const gate = await managerGate(r.rt, await caller(r), "see the managers' digest");
        if (!gate.ok) {
          await r.respond(ephemeral(gate.message));
          return;
        }
        await showDigest(r.rt, r.workspace.id, r.respond);
      } catch (err) {
        r.rt.log.warn({ err: (err as Error).message }, '/tend digest failed');
        await r.respond(ephemeral(buildDbUnavailableMessage(r.text, '/tend'))).catch(() => {});
      }
    },
  },
  {
    words: ['products', 'product', 'offer', 'offers'],
    brief: '• `/tend products` — the catalog and its give-first offers.',
    matches: (text) => parseCatalogCommand(text) !== null,
    help: CATALOG_HELP,
    run: parsed(parseCatalogCommand, runCatalogCommand),
  },
  {
    words: ['link', 'unlink'],
    matches: (text) => parseLinkCommand(text) !== null,
    help: LINK_HELP,
    run: parsed(parseLinkCommand, runLinkCommand),
  },
  {
    words: ['capture'],
    matches: (text) => parseCaptureCommand(text) !== null,
    help: CAPTURE_HELP,
    run: parsed(parseCaptureCommand, runCaptureCommand),
  },
  {
    words: ['managers', 'manager'],
    matches: (text) => parseManagersCommand(text) !== null,
    help: MANAGERS_HELP,
    run: parsed(parseManagersCommand, runManagersCommand),
  },
];

/** Every verb's full help lines: what "More" under the short help shows (actions/help-more.ts). */
export const tendHelpLines = (): string[] => VERBS.map((v) => v.help);

const TRY = `Try help, ${VERBS.map((v) => v.words[0]).join(', ').replace(/, ([^,]*)$/, ' or $1')}.`;

export function tendCommand(rt: Runtime): Middleware<SlackCommandMiddlewareArgs> {
  return async ({ command, ack, respond, context, client }) => {
    const workspace = workspaceOf(context);
    const text = commandText(command.text);
    // "scan.", "Help!", "digest?": a sentence's end is not part of the verb
    const verb = trimEndWhere(text.trim().split(/\s+/)[0]?.toLowerCase() ?? '', /[.!?,;:]/);
    if (verb === '' || verb === 'help' || verb === '?') {
      await ack(ephemeral(buildTendHelpShort(VERBS.flatMap((v) => (v.brief ? [v.brief] : [])))));
      return;
    }
    if (!workspace) {
      await ack(ephemeral(buildDbUnavailableMessage(text, '/tend')));
      return;
    }
    const row = VERBS.find((v) => (v.matches ? v.matches(text) : v.words.includes(verb)));
    if (row) {
      await row.run({ rt, workspace, text, command, ack, respond, client, receivedAt: receivedAtOf(context) });
      return;
    }
    await ack(ephemeral(buildErrorMessage({ code: 'unknown_verb', message: `I don't know "/tend ${truncate(verb, 40)}". ${TRY}`, example: '/tend products' })));
  };
}
