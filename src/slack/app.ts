// The Bolt app: HTTP receiver on our Express server in production, Socket Mode on a laptop
// with no public URL. Listeners live in ./<kind>/ (commands, actions, submissions, options,
// events), one file each, bound in ./register.ts.
import { App, ErrorCode, ExpressReceiver, HTTPModuleFunctions, type CodedError, type ReceiverProcessEventErrorHandlerArgs } from '@slack/bolt';
import { respondToSslCheck, respondToUrlVerification } from '@slack/bolt/dist/receivers/ExpressReceiver.js';
import { defaultCallbackSuccess, ErrorCode as OAuthErrorCode, type CodedError as OAuthCodedError, type Installation, type OrgInstallation } from '@slack/oauth';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express } from 'express';
import type { Runtime } from '../runtime.ts';
import { slackRequestGuard, type SlackBody } from '../web/verify-slack.ts';
import { createInstallationStore } from '../data/installations.ts';
import { slackLogger } from '../log.ts';
import { emptyKnownListeners, recordingApp, unhandledAnswer } from './middleware/known-listeners.ts';
import { findOversize, oversizeAck } from './middleware/input-caps.ts';
import { captureEdge } from './middleware/capture-edge.ts';
import { ownTeamOf, type OwnTeam } from './middleware/own-team.ts';
import { NOT_INSTALLED } from './middleware/workspace-context.ts';
import { commandRouter, routingCommands, type CommandRoutes } from './middleware/command-router.ts';
import { registerListeners } from './register.ts';
import { takeInstallerTimezone } from './flows/install-timezone.ts';

/** The bot scopes Tend asks for; manifest.yml lists the same (a test keeps them in step). */
export const BOT_SCOPES = [
  'commands',
  'chat:write',
  'im:write',
  'reactions:read',
  'users:read',
  'files:write',
  // capturing touches from linked channels (issue 16): their messages, who shares a Slack
  // Connect channel, and that organisation's name and email domain
  'channels:history',
  'groups:history',
  'channels:read',
  'groups:read',
  'team:read',
];

/**
 * Asked for only with TEND_RECONCILE_WITH_HISTORY=true: after a crash, find the nudge message
 * an earlier attempt may have posted (by its metadata) instead of giving that post up. Public
 * and private channels' history is asked for always (capture); only an owner's DM needs more.
 */
export const HISTORY_SCOPES = ['im:history'];

export const botScopes = (reconcileWithHistory: boolean): string[] => (reconcileWithHistory ? [...BOT_SCOPES, ...HISTORY_SCOPES] : BOT_SCOPES);

export type SlackApp = { app: App; start(): Promise<void>; stop(): Promise<void> };

/**
 * Single-workspace authorization from the one auth.test the process makes (rt.ownTeam, which
 * also tells which team the token serves): remembered once answered, tried again after a
 * failure. (Bolt's own single-token path calls auth.test on every request when verification
 * at start is off, and with it on, one failure at start would fail every request after.)
 */
function singleTokenAuthorize(botToken: string, ownTeam: () => Promise<OwnTeam>) {
  // the team comes from each request, as with Bolt's own single-token path
  return async ({ isEnterpriseInstall }: { isEnterpriseInstall?: boolean }) => {
    const { botId, botUserId } = await ownTeam();
    return { botToken, isEnterpriseInstall, botId, botUserId };
  };
}

const isAuthorizationError = (err: unknown) => (err as Partial<CodedError> | null)?.code === ErrorCode.AuthorizationError;

/**
 * Distributed (OAuth) mode: a signed request from a workspace Tend holds no installation for
 * (its install removed, a database restored without it, a Slack Connect guest's click) is
 * answered 200 — a command with a line saying Tend is not installed there — instead of Bolt's
 * 401: Slack retries a failed event delivery and disables the subscription of an app that keeps
 * failing. Nothing runs for it. Any other error is Bolt's to answer.
 */
async function answerUninstalled(args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> {
  const { error, request, response } = args;
  if (!isAuthorizationError(error) || response.headersSent) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
  // the body the edge parsed (handed to Bolt as req.body)
  const isCommand = typeof ((request as { body?: { command?: unknown } }).body?.command) === 'string';
  if (isCommand) {
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ response_type: 'ephemeral', text: NOT_INSTALLED }));
  } else {
    response.writeHead(200);
    response.end();
  }
  return true;
}

const INSTALL_PATH = '/slack/install';

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * The page an install that did not finish shows, by @slack/oauth's error code: Cancel on
 * Slack's page is no failure (200); a state from another browser or gone stale, or Slack
 * sending no code, is the visitor's link (400); anything else is ours or Slack's (500). Every
 * piece of text is escaped: the error comes from the query string.
 */
export function installFailurePage(code: string, slackError: string | null): { status: number; html: string } {
  const again = `<a href="${INSTALL_PATH}">Start the install again</a>`;
  const [status, title, text] =
    code === OAuthErrorCode.AuthorizationError && slackError === 'access_denied'
      ? [200, 'Tend was not installed', `You cancelled the install, so nothing changed in your Slack. To install Tend after all, <a href="${INSTALL_PATH}">start again</a>.`]
      : code === OAuthErrorCode.InvalidStateError || code === OAuthErrorCode.MissingStateError
        ? [400, 'This install link has expired', `It was open too long, or was opened in another browser, so Tend could not finish installing. ${again}.`]
        : code === OAuthErrorCode.MissingCodeError
          ? [400, 'Slack did not finish the install', `Slack answered ${slackError ? `“${escapeHtml(slackError)}”` : 'with no code'}, so Tend was not installed. ${again}, or ask your Slack admin.`]
          : [500, 'Tend could not finish installing', `Something went wrong on Tend's side or Slack's (${escapeHtml(code)}). Nothing was installed. ${again} in a minute.`];
  const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;line-height:1.5}</style></head>
<body><h1>${title}</h1><p>${text}</p></body></html>`;
  return { status, html };
}

function installFailure(logger: ReturnType<typeof slackLogger>) {
  return (error: OAuthCodedError, _options: unknown, req: IncomingMessage, res: ServerResponse) => {
    const slackError = new URL(req.url ?? '/', 'http://localhost').searchParams.get('error');
    const page = installFailurePage(error.code, slackError);
    if (page.status === 200) logger.info('an install was cancelled on Slack\'s page');
    else logger.warn(`an install did not finish: ${error.code} ${error.message}`);
    res.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' });
    res.end(page.html);
  };
}

export function createSlackApp(rt: Runtime, web: Express): SlackApp | null {
  const s = rt.config.slack;
  if (s.mode === 'local') return null;
  const clientOptions = { slackApiUrl: rt.config.slackApiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } };
  // Bolt hands its logger to every WebClient and to the OAuth installer; given no logLevel it
  // would reset ours to info
  const logger = slackLogger(rt.log, 'bolt');
  const logLevel = logger.getLevel();
  if (s.mode === 'socket') {
    const app = new App({ token: s.botToken, appToken: s.appToken, socketMode: true, logger, logLevel, clientOptions });
    const routes: CommandRoutes = [];
    registerListeners(routingCommands(app, routes), rt);
    app.use(commandRouter(routes));
    return { app, start: async () => { await app.start(); }, stop: async () => { await app.stop(); } };
  }
  web.use('/slack/events', (_req, res, next) => {
    const started = process.hrtime.bigint();
    // the command's answer deadline counts from here (reply/answer.ts), not from its listener
    res.locals.receivedAt = performance.now();
    res.on('finish', () => {
      const label = res.locals.slackKind as { kind: string; name: string } | undefined;
      if (label) rt.metrics.commandLatency.observe(label, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  });
  web.use(
    '/slack/events',
    slackRequestGuard(s.signingSecret, {
      onReject: (reason) => rt.log.warn({ reason }, 'rejected a request on /slack/events'),
      replay: rt.replayGuard,
      onReplayError: (err) => rt.log.error({ err: err.message }, 'replay guard unavailable: answering 503'),
    }),
  );
  // Answered here, at once, from the body the guard parsed, before Bolt parses it again:
  // - a text over its cap (a burst of huge commands costs one parse each, not three);
  // - a command or interaction no listener is registered for (a 200, as Slack expects),
  //   instead of after Bolt's 3-second unhandled-request timeout.
  const known = emptyKnownListeners();
  web.use('/slack/events', (_req, res, next) => {
    const body = res.locals.slackBody as SlackBody | undefined;
    if (!body) return next();
    const label = res.locals.slackKind as { kind: string; name: string } | undefined;
    const over = findOversize(body);
    if (over) {
      rt.log.warn({ kind: over.kind, length: over.length, max: over.max }, 'refused text over its cap');
      const ack = oversizeAck(over);
      return void (ack ? res.status(200).json(ack) : res.status(200).send(''));
    }
    const answer = unhandledAnswer(body, known);
    if (!answer) return next();
    res.locals.slackKind = { kind: label?.kind ?? 'unknown', name: answer.name };
    if (answer.name === 'app_rate_limited') rt.log.warn({ team: body.team_id, minute: body.minute_rate_limited }, 'Slack is holding back events for this app (app_rate_limited)');
    else rt.log.info({ kind: label?.kind }, 'no listener for this request: answered at once');
    if (answer.body) res.status(200).json(answer.body);
    else res.status(200).send('');
  });
  // a channel message that cannot be a touch is answered here, without Bolt or the database
  web.use('/slack/events', captureEdge(rt));
  // Bolt's receiver would turn the raw body back into text and parse it a second time; the
  // guard parsed it exactly as Bolt does (web/verify-slack.ts parseSlackBody), so Bolt's handler
  // gets that body, after Bolt's own two answers (ssl_check, url_verification).
  const bolt: { receiver?: ExpressReceiver } = {};
  web.post('/slack/events', (req, res, next) => {
    const body = res.locals.slackBody as SlackBody | undefined;
    if (!body || !bolt.receiver) return next();
    req.body = body;
    respondToSslCheck(req, res, () => respondToUrlVerification(req, res, () => void bolt.receiver!.requestHandler(req, res)));
  });
  const oauth =
    s.mode === 'oauth'
      ? {
          clientId: s.clientId,
          clientSecret: s.clientSecret,
          stateSecret: s.stateSecret,
          scopes: botScopes(rt.config.reconcileWithHistory),
          installationStore: createInstallationStore(rt.db, rt.config.encryptionKey!),
          installerOptions: {
            installPath: INSTALL_PATH,
            redirectUriPath: '/slack/oauth_redirect',
            directInstall: true,
            clientOptions: { slackApiUrl: rt.config.slackApiUrl },
            // the usual success page first; then the workspace takes the installer's timezone
            callbackOptions: {
              success: defaultCallbackSuccess,
              successAsync: (installation: Installation | OrgInstallation) => takeInstallerTimezone(rt, logger, installation),
              // a friendly page, rather than @slack/oauth's 500 "Oops" for a Cancel too
              failure: installFailure(logger),
            },
          },
        }
      : {};
  const receiver = new ExpressReceiver({
    signingSecret: s.signingSecret,
    app: web,
    endpoints: '/slack/events',
    // acknowledge as soon as the listener calls ack(); slow work goes to respond() or queues
    processBeforeResponse: false,
    // slackRequestGuard, mounted before the receiver, has verified the signature (and more)
    signatureVerification: false,
    logger,
    logLevel,
    // when the request reached the edge: listeners see it as context.receivedAt
    customPropertiesExtractor: (req) => {
      const receivedAt = (req.res?.locals as { receivedAt?: unknown } | undefined)?.receivedAt;
      return typeof receivedAt === 'number' ? { receivedAt } : {};
    },
    // the edge answers requests no listener takes; this counts any that still slip through
    unhandledRequestHandler: (args) => {
      rt.metrics.unhandledRequests.inc();
      HTTPModuleFunctions.defaultUnhandledRequestHandler(args);
    },
    processEventErrorHandler: answerUninstalled,
    ...oauth,
  });
  bolt.receiver = receiver;
  // Single-workspace mode: one bot token. Multi-workspace: Bolt authorizes each request from
  // the installation store the receiver was given.
  const app = new App({
    ...(s.mode === 'http' ? { authorize: singleTokenAuthorize(s.botToken, rt.ownTeam ?? ownTeamOf(s.botToken, rt.config.slackApiUrl, logger)) } : {}),
    receiver,
    logger,
    logLevel,
    clientOptions,
    extendedErrorHandler: true,
  });
  // as Bolt's own handler (log, then let the receiver answer), but a request from a workspace
  // with no installation is no error of Tend's: Bolt has warned of it already, and
  // answerUninstalled gives it its 200
  app.error(async ({ error }: { error: CodedError }) => {
    if (!isAuthorizationError(error)) logger.error(error);
    throw error;
  });
  // commands skip Bolt's walk over every listener (middleware/command-router.ts); the router
  // runs after the global middleware registerListeners puts first
  const routes: CommandRoutes = [];
  registerListeners(recordingApp(routingCommands(app, routes), known), rt);
  app.use(commandRouter(routes));
  return { app, start: async () => {}, stop: async () => {} };
}
