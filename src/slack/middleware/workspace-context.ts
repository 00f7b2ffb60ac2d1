// Resolves the workspace of every request (creating it with defaults on first contact, except
// for the events that say the app was removed) and puts it in the listener context; every query
// below is scoped by it. In single-token mode a request from any team but the token's own is
// refused here, before anything is written.
import type { Middleware, AnyMiddlewareArgs } from '@slack/bolt';
import { reactivateTeam, type WorkspaceRow } from '../../data/workspaces.ts';
import { WORKSPACE_TEAM_ID } from '../../domain/slack-ids.ts';
import type { Runtime } from '../../runtime.ts';
import { servesTeam } from './own-team.ts';
import { withTimeout } from '../reply/timeout.ts';

export type TendContext = { workspace: WorkspaceRow };

const FOREIGN_TEAM = "This Tend serves one Slack workspace, and it isn't this one, so nothing was done. Ask your Slack admin to install Tend here.";
const UNCHECKED_TEAM = "Tend can't confirm this workspace with Slack right now, so nothing was done. Try again in a minute.";
/** Distributed (OAuth) mode: a command from a workspace Tend holds no installation for. */
export const NOT_INSTALLED = "Tend isn't installed in this workspace (or was removed from it), so nothing was done. Ask your Slack admin to install Tend here.";

/**
 * The workspace a request is from. Bolt takes a modal's view.app_installed_team_id first, and
 * an org-wide install's modal carries the org's E… id there (Slack's Work Objects example of a
 * view_submission); the workspace the person acted in is then the interaction's team (null on
 * org-wide installs) or, failing that, their user.team_id. Events and commands name it already.
 */
export function requestTeamId(body: unknown, teamId: string | null | undefined, enterpriseId: string | null | undefined): string | undefined {
  const b = (body ?? {}) as { type?: unknown; command?: unknown; team?: { id?: unknown } | null; user?: { team_id?: unknown } | null };
  // Bolt gives null for an org-level event's team (team_access_*)
  if (typeof teamId !== 'string') return undefined;
  const orgLevel = teamId === enterpriseId || teamId.startsWith('E');
  const interaction = typeof b.command !== 'string' && typeof b.type === 'string' && b.type !== 'event_callback';
  if (!orgLevel || !interaction) return teamId;
  const named = [b.team?.id, b.user?.team_id].find((t): t is string => typeof t === 'string' && WORKSPACE_TEAM_ID.test(t));
  return named ?? teamId;
}

/**
 * Single-token mode: whether the request comes from the token's own team. When not, it is
 * answered here — a command with an ephemeral saying so, anything else with an empty 200
 * (events were acknowledged already) — and no listener runs.
 */
async function refusedForeignTeam(rt: Runtime, args: AnyMiddlewareArgs & { context: Record<string, any> }, teamId: string | undefined): Promise<boolean> {
  if (!rt.ownTeam) return false;
  const { context, body } = args;
  let text: string | null = null;
  try {
    if (!servesTeam(await rt.ownTeam(), teamId, context.enterpriseId)) text = FOREIGN_TEAM;
  } catch (err) {
    rt.log.warn({ err: (err as Error).message }, 'auth.test failed; cannot tell which team this token serves');
    text = UNCHECKED_TEAM;
  }
  if (text === null) return false;
  rt.log.warn({ teamId, enterpriseId: context.enterpriseId }, 'refused a request from a team this token does not serve');
  const ack = (args as { ack?: (m?: unknown) => Promise<void> }).ack;
  const isCommand = typeof (body as { command?: unknown }).command === 'string';
  await ack?.(isCommand ? { response_type: 'ephemeral', text } : undefined);
  return true;
}

/** A slash command or an interaction: Slack sends them only to an installed app (events include app_uninstalled itself). */
function isCommandOrInteraction(body: unknown): boolean {
  const b = body as { command?: unknown; type?: unknown };
  return typeof b.command === 'string' || (typeof b.type === 'string' && b.type !== 'event_callback');
}

/**
 * Events that say the app lost a team: Slack sends them for a team Tend holds no installation
 * for too, so they only look its workspace up, never create one.
 */
function isLossEvent(body: unknown): boolean {
  const b = body as { type?: unknown; event?: { type?: unknown } | null };
  return b.type === 'event_callback' && (b.event?.type === 'app_uninstalled' || b.event?.type === 'tokens_revoked');
}

/** Single-token mode after a reinstall (OAuth mode reactivates when the installation is stored). */
async function reactivated(rt: Runtime, teamId: string): Promise<WorkspaceRow> {
  for (const id of await reactivateTeam(rt.db.pool, teamId)) rt.workspaces.forget(id);
  rt.log.info({ teamId }, 'workspace active again: Slack sent a request to the app after an uninstall');
  return rt.workspaces.get(teamId);
}

export function workspaceContext(rt: Runtime): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const { context, next } = args;
    const requestTeam = requestTeamId(args.body, context.teamId, context.enterpriseId);
    if (await refusedForeignTeam(rt, args, requestTeam)) return;
    // An org-level event (an org-wide install's team_access_revoked, say) carries the org's id
    // where a workspace's would be: it gets no workspace, rather than one made up from the
    // org's id that scans and digests would then serve. Its listeners act by enterprise id.
    const teamId = requestTeam ?? context.enterpriseId;
    const orgLevel = Boolean(context.enterpriseId) && teamId === context.enterpriseId;
    if (teamId && !orgLevel) {
      try {
        // A Postgres that hangs (rather than refuses) must not hold the ack past Slack's deadline.
        const found = isLossEvent(args.body) ? rt.workspaces.find(teamId) : rt.workspaces.get(teamId, context.enterpriseId ?? null);
        context.workspace = (await withTimeout(found, 1_500)) ?? undefined;
        if (rt.ownTeam && context.workspace?.status === 'inactive' && isCommandOrInteraction(args.body)) {
          context.workspace = await withTimeout(reactivated(rt, teamId), 1_500);
        }
      } catch (err) {
        // Listeners see no workspace and answer "temporarily unavailable" with the text echoed.
        rt.log.warn({ err: (err as Error).message, teamId }, 'could not load workspace');
      }
    }
    await next();
  };
}
