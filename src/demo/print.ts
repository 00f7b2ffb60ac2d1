// The demo's terminal report: the book in numbers, then the nudges ranked by priority, the
// ones released today first. Pure text building; the caller prints it.
import type { DemoNudge } from '../data/demo.ts';
import { atRiskText } from '../domain/churn.ts';
import { NUDGE_KIND_LABEL, type NudgeKind } from '../domain/vocabulary.ts';

function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + word.length + 1 > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines.map((l) => indent + l).join('\n');
}

/**
 * `waitingWithoutRows`: the nudges waiting that have no row yet (account_scan counts them), so the
 * waiting figure is the digest's ("… wait over the reps' daily budget").
 */
export function renderNudges(nudges: DemoNudge[], waitingWithoutRows = 0, showQueued = 5): string {
  const released = nudges.filter((n) => n.status === 'open');
  const queued = nudges.filter((n) => n.status === 'queued');
  const out: string[] = [];
  const row = (n: DemoNudge, i: number) => {
    out.push(`${String(i + 1).padStart(3)}. ${n.account.padEnd(24)} ${(NUDGE_KIND_LABEL[n.kind as NudgeKind] ?? n.kind).padEnd(22)} ${atRiskText(Number(n.value_cents)).padStart(24)}   ${n.owner ?? 'team'}`);
    out.push(wrap(n.suggestion, 96, '       '));
  };
  out.push(`Released today (${released.length}, at most the daily budget per rep), highest priority first (revenue at risk, raised by combined risks):`, '');
  released.forEach(row);
  out.push('', `Waiting for a later day: ${(queued.length + waitingWithoutRows).toLocaleString('en-US')} nudges. The next ${Math.min(showQueued, queued.length)}:`, '');
  queued.slice(0, showQueued).forEach(row);
  return out.join('\n');
}
