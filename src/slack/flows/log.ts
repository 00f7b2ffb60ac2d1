// `/log` in one line: parse (pure), find the account among SQL-narrowed candidates, write the
// conversation through recordTouch (idempotent on sourceKey), and say what happened.
import { accountPrefixCandidates, colonAccountCandidates, LOG_EXAMPLE, parseLogCommand, type LogParse } from '../../domain/log-command.ts';
import { nameKey } from '../../domain/text.ts';
import { findAccountCandidates, getAccountName, type AccountCandidate } from '../../data/accounts.ts';
import { recordTouch } from '../../data/conversations.ts';
import type { Runtime } from '../../runtime.ts';
import { buildErrorMessage } from '../../views/errors.ts';
import type { SlackMessage } from '../../domain/vocabulary.ts';
import { buildHelpMessage } from '../../views/help.ts';
import { buildLogConfirmation } from '../../views/log-confirmation.ts';
import { retireAnsweredNudges } from './answered.ts';
import { knownTimezone, memberTimezone, type Caller } from './caller.ts';
import { resolveAccount } from './resolve-account.ts';

/** Errors that no account lookup can change: answer them without touching the database. */
const FINAL = new Set(['help', 'empty', 'too_long', 'summary_too_long', 'next_step_too_long']);

type Parsed = { parse: LogParse; candidates: AccountCandidate[] };

/**
 * Parse with the account names the text could start with. A colon names the account (the
 * longest known text before one of its first colons); without one, the candidates for the
 * first words tell the parser where the name ends — one query either way.
 */
async function parseWithAccounts(rt: Runtime, c: Caller, text: string, timeZone: string): Promise<Parsed> {
  const now = rt.now();
  const first = parseLogCommand(text, { now, timeZone });
  if (!first.ok && FINAL.has(first.error.code)) return { parse: first, candidates: [] };
  if (first.ok && first.value.accountSource === 'colon') {
    const key = nameKey(first.value.accountText);
    // "Acme: EMEA: call": the text up to a later colon may be a known name, the longer wins
    const exactKeys = [...new Set([key, ...colonAccountCandidates(text)])];
    const candidates = await findAccountCandidates(rt.db.pool, c.workspace.id, { exactKeys, prefixKey: key });
    const knownKeys = knownAmong(candidates, exactKeys);
    if (![...knownKeys].some((k) => k !== key)) return { parse: first, candidates };
    return { parse: parseLogCommand(text, { now, timeZone, knownKeys }), candidates };
  }
  const exactKeys = accountPrefixCandidates(text);
  const firstWordKey = nameKey(/^\s*(\S+)/.exec(text)?.[1] ?? '');
  const candidates = await findAccountCandidates(rt.db.pool, c.workspace.id, { exactKeys, prefixKey: firstWordKey || undefined });
  return { parse: parseLogCommand(text, { now, timeZone, knownKeys: knownAmong(candidates, exactKeys) }), candidates };
}

/** The keys asked for that an account's name or alias has. */
function knownAmong(candidates: AccountCandidate[], asked: string[]): Set<string> {
  const wanted = new Set(asked);
  return new Set(candidates.flatMap((a) => [nameKey(a.name), ...a.keys]).filter((k) => wanted.has(k)));
}

/** A next step's date depends on the member's timezone (its day-month order too: 15/4 reads as no date month first). */
function mentionsDate(p: LogParse): boolean {
  return p.ok ? p.value.nextStep !== undefined : p.error.code === 'due_in_past';
}

/**
 * Log `text` for the caller. `accountId` skips matching (the person chose it from buttons).
 * Throws only on database errors; the caller turns those into the "nothing saved" answer.
 */
export async function logOneLine(rt: Runtime, c: Caller, text: string, sourceKey: string, opts: { accountId?: number } = {}): Promise<SlackMessage> {
  let timeZone = knownTimezone(c);
  let { parse, candidates } = await parseWithAccounts(rt, c, text, timeZone);
  // Dates are read in the member's own timezone; ask Slack for it only when a next step is there.
  if (mentionsDate(parse) && !c.member.timezone) {
    const tz = await memberTimezone(rt, c);
    if (tz !== timeZone) {
      timeZone = tz;
      ({ parse, candidates } = await parseWithAccounts(rt, c, text, timeZone));
    }
  }
  if (!parse.ok) {
    if (parse.error.code === 'help') return buildHelpMessage('log');
    return buildErrorMessage(parse.error);
  }
  const v = parse.value;

  let account: { id: number; name: string } | null;
  if (opts.accountId !== undefined) {
    account = await getAccountName(rt.db.pool, c.workspace.id, opts.accountId);
    if (!account) return buildErrorMessage({ code: 'gone', message: 'That account no longer exists. Send the /log again.', example: LOG_EXAMPLE });
  } else {
    const r = await resolveAccount(rt, c, v.accountText, candidates, { command: '/log', text, sourceKey }, { example: LOG_EXAMPLE });
    if (!r.ok) return r.message;
    account = r.account;
  }

  const touch = await recordTouch(rt.db.pool, {
    workspaceId: c.workspace.id,
    accountId: account.id,
    memberId: c.member.id,
    occurredAt: rt.now(),
    medium: v.medium ?? 'chat',
    summary: v.summary,
    kind: v.kind ?? 'neutral',
    sentiment: v.sentiment ?? null,
    nextStep: v.nextStep ?? null,
    nextStepDue: v.nextStepDue ?? null,
    source: 'command',
    sourceKey,
  });
  // the touch answers the account's quiet and overdue nudges (a retry of the same /log does not)
  if (touch.created) await retireAnsweredNudges(rt, c.workspace.id, account.id, { resolution: 'touch', medium: v.medium ?? 'chat' });
  return buildLogConfirmation(
    {
      accountId: account.id,
      accountName: account.name,
      medium: v.medium ?? 'chat',
      kind: v.kind ?? 'neutral',
      sentiment: v.sentiment ?? null,
      summary: v.summary,
      nextStep: v.nextStep ?? null,
      nextStepDue: v.nextStepDue ?? null,
      created: touch.created,
      warnings: parse.warnings,
    },
    { timeZone },
  );
}
