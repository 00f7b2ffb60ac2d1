// The manager digest as Block Kit: headline numbers with their week-over-week arrows, the
// accounts with the most revenue at risk and why, the team's give:ask, the nudge funnel and
// the workspace's own churn-by-products curve with its counts. Pure; the caller loads the data.
import type { types } from '@slack/bolt';
import { giveAskText, headlines, loggedCapturedText, ratioText, type Headline, type MetricsSnapshot } from '../domain/metrics.ts';
import { formatMoney } from '../domain/money.ts';
import { PRIOR, atRiskText, pctText, roundedMoney, thesis, thesisSummary, timesText } from '../domain/churn.ts';
import { escapeTruncate, truncate } from '../domain/text.ts';
import { nounFor, plural } from '../domain/words.ts';
import { evidenceRhythmWords } from './rhythm.ts';
import type { NudgeKind, SlackMessage } from '../domain/vocabulary.ts';
import type { DigestAtStake, DigestData } from '../domain/read-models.ts';
import { USER_ID } from '../domain/slack-ids.ts';


const WHY: Record<NudgeKind, string> = {
  // every active account may get a next product now, not only single-product ones
  cross_sell: 'next product',
  cooling: 'going quiet',
  stalled: 'stalled',
  follow_up_due: 'next step overdue',
};

const pct = (v: number) => `${(v * 100).toFixed(1).replace(/\.0$/, '')}%`;
const dec = (v: number, digits = 2) => v.toFixed(digits);
const int = (v: number) => Math.round(v).toLocaleString('en-US');

export function formatValue(format: Headline['format'], v: number | null): string {
  if (v === null) return '—';
  switch (format) {
    case 'percent': return pct(v);
    case 'decimal': return dec(v);
    case 'number': return int(v);
    case 'money': return formatMoney(v, { period: false });
    case 'roundedMoney': return `≈ ${roundedMoney(v)}`;
    case 'moneyPerDay': return `${formatMoney(v)} a day`;
    case 'ratio': return ratioText(v);
  }
}

function formatDelta(h: Headline): string {
  if (h.delta === null) return 'no comparison yet';
  if (h.direction === 'flat') return '→ same as last week';
  const sign = h.delta > 0 ? '+' : '−';
  const a = Math.abs(h.delta);
  const amount =
    h.format === 'percent' ? `${(a * 100).toFixed(1).replace(/\.0$/, '')} pts`
    : h.format === 'roundedMoney' ? roundedMoney(a)
    : h.format === 'money' || h.format === 'moneyPerDay' ? formatMoney(a, { period: false })
    : h.format === 'number' ? int(a)
    : dec(a, h.format === 'ratio' ? 1 : 2);
  const arrow = h.direction === 'up' ? '↑' : '↓';
  const mood = h.good ? ':large_green_circle:' : ':red_circle:';
  return `${mood} ${arrow} ${sign}${amount} vs last week`;
}

/** The headline fields: value on top, the change below. */
export function headlineFields(current: MetricsSnapshot, previous: MetricsSnapshot): types.MrkdwnElement[] {
  return headlines(current, previous).map((h) => ({ type: 'mrkdwn', text: `*${h.label}*\n${formatValue(h.format, h.value)}\n${formatDelta(h)}` }));
}

function atStakeLines(top: DigestAtStake[]): string {
  if (top.length === 0) return '_No open nudges: nothing at risk right now._';
  return top
    .map((a, i) => {
      const why = a.kinds.map((k) => WHY[k] ?? k).join(', ');
      const owner = a.ownerSlackUserId && USER_ID.test(a.ownerSlackUserId) ? ` · <@${a.ownerSlackUserId}>` : '';
      const wait = a.waiting ? ' · _waiting for budget_' : '';
      // a quiet account says how quiet against its own rhythm, worded as on the card and the nudge
      const rhythm = evidenceRhythmWords(a.quietEvidence);
      return `${i + 1}. *${escapeTruncate(a.name, 80)}* — ${atRiskText(a.valueAtStakeCents)} · ${why}${owner}${wait}${rhythm ? `\n      ${rhythm}` : ''}\n      ${escapeTruncate(a.suggestion.replace(/\s+/g, ' '), 200)}`;
    })
    .join('\n');
}

function teamLines(m: MetricsSnapshot): string {
  const t = m.touches;
  const split = loggedCapturedText(t);
  const head = `*Give : ask, last 7 days:* ${giveAskText(t.gives, t.asks)} — ${plural(t.gives, 'give')}, ${plural(t.asks, 'ask')} in ${plural(t.touches, 'touch')}${split ? ` (${split})` : ''}` +
    (t.asks > t.gives ? '\n:warning: The team is asking more than it gives. Lead with value.' : '');
  const reps = t.reps.slice(0, 10).map((r) => {
    const who = USER_ID.test(r.slackUserId) ? `<@${r.slackUserId}>` : escapeTruncate(r.name ?? r.slackUserId, 60);
    return `• ${who}: ${plural(r.touches, 'touch')}, ${giveAskText(r.gives, r.asks)}`;
  });
  const more = t.reps.length > 10 ? [`…and ${t.reps.length - 10} more`] : [];
  return [head, ...reps, ...more].join('\n');
}

function funnelLine(m: MetricsSnapshot): string {
  const f = m.funnel;
  return `*Nudges, last 30 days:* ${f.created} created → ${f.claimed} claimed → ${f.done} done → ${f.won} won (${formatMoney(f.revenueWonCents)}), ${f.lost} lost`;
}

/** The curve with its counts, then what it means for nudges (the same verdict the scan prices them with). */
export function curveLines(m: MetricsSnapshot): string {
  const { unknown } = m.curve;
  // a year's customers are known from their dates, but no holding says what any of them held then
  // (a wide sheet without start dates): saying "no customers then" in every bucket would be false
  if (m.curve.atRisk === 0 && unknown.atRisk > 0) {
    return `*Churn by products held, last 12 months:* Tend cannot tell churn by products held yet: ${plural(unknown.atRisk, 'customer')} a year ago (${unknown.churned} left since), but their holdings carry no start dates, so what each held then is unknown; import a started_at column to measure churn by products.\n` +
      `Until then nudges use Tend's starting assumption that single-product customers leave ${timesText(PRIOR.singleRatio)} as often, and ${pctText(PRIOR.annualChurn)} of customers a year.`;
  }
  const parts = m.curve.buckets.map((p) => `${p.label} ${nounFor(p.label === '1' ? 1 : 2, 'product')}: ${p.rate === null ? 'no customers then' : `${pct(p.rate)} (${p.churned} of ${p.atRisk} left)`}`);
  const notCounted = unknown.atRisk > 0 ? ` (${plural(unknown.atRisk, 'more customer')} a year ago not counted: their holdings carry no start dates)` : '';
  const head = `*Churn by products held, last 12 months* (customers a year ago by products held then, and how many left since): ${parts.join(' · ')}${notCounted}`;
  return `${head}\n${thesisSummary(thesis(m.curve))}`;
}

/** Customer equity, rounded, and how it was computed. */
export function equityLine(m: MetricsSnapshot): string {
  const e = m.equity;
  return `Customer equity ≈ ${roundedMoney(e.equityCents)}: MRR ${formatMoney(Math.round(e.mrrCents / 100) * 100)} × ${Math.round(e.lifetimeMonths)} months of expected lifetime (1 ÷ monthly churn of ${pctText(e.monthlyChurn)}, from the last year's churn, capped at 5 years).`;
}

function trendLine(trend: DigestData['trend']): string | null {
  if (trend.filter((p) => p.mean !== null).length < 2) return null;
  // from the first week with customers; a week with none to count after it is a gap ("–"), as
  // on the chart: dropped, the weeks left would read as one steady run
  const first = trend.findIndex((p) => p.mean !== null);
  const weeks = trend.slice(first).map((p) => (p.mean === null ? '–' : p.mean.toFixed(2)));
  return `*Products per customer, ${weeks.length} weeks:* ${weeks.join(' → ')} (target 2+)`;
}

export function buildDigest(data: DigestData): SlackMessage {
  const { current, previous } = data;
  const fields = headlineFields(current, previous);
  const title = `Tend digest · ${data.localDate}${data.workspaceName ? ` · ${data.workspaceName}` : ''}`;
  const blocks: types.KnownBlock[] = [
    { type: 'header', text: { type: 'plain_text', text: truncate(title, 150) } },
    { type: 'section', fields: fields.slice(0, 10) },
  ];
  if (fields.length > 10) blocks.push({ type: 'section', fields: fields.slice(10, 20) });
  blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: equityLine(current) }] });
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: `*Most revenue at risk* (a year of revenue × the share of similar customers who left over the last year)\n${atStakeLines(data.top)}` } },
  );
  if (data.waitingNudges > 0) {
    blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: `${plural(data.waitingNudges, 'nudge')} ${data.waitingNudges === 1 ? 'waits' : 'wait'} over the reps' daily budget.` }] });
  }
  blocks.push(
    { type: 'divider' },
    { type: 'section', text: { type: 'mrkdwn', text: teamLines(current) } },
    { type: 'section', text: { type: 'mrkdwn', text: [funnelLine(current), curveLines(current), trendLine(data.trend)].filter(Boolean).join('\n') } },
  );
  const ppc = formatValue('decimal', current.products.mean);
  const text = `Tend digest ${data.localDate}: ${ppc} products per customer, give:ask ${giveAskText(current.touches.gives, current.touches.asks)}`;
  return { text, blocks };
}
