// The digest's second chart: the book's churn-by-products curve, with its counts. One bar per
// products-held group (1, 2, 3+ as held a year ago), its height the share that left over the
// last year, labelled with the share and "left of customers" so a thin bar of 2 accounts is
// read as such. Pure Vega-Lite spec; render.ts draws it.
import type { TopLevelSpec } from 'vega-lite';
import type { ChurnCurve } from '../domain/churn.ts';
import { chartFrame, INK } from './frame.ts';
import { vegaLiteToPng, vegaLiteToSvg } from './render.ts';

const BAR = '#c2553a';

const GROUP = { '1': '1 product', '2': '2 products', '3+': '3+ products' } as const;

/** "27% · 12 of 44 left", or "no customers" for an empty group (kept in its slot, no bar). */
export function barLabel(b: ChurnCurve['buckets'][number]): string {
  if (b.atRisk === 0) return 'no customers';
  return `${Math.round((b.rate ?? 0) * 100)}% · ${b.churned} of ${b.atRisk} left`;
}

export function churnCurveSpec(curve: ChurnCurve): TopLevelSpec {
  const rows = curve.buckets.map((b) => ({ group: GROUP[b.label], rate: b.atRisk > 0 ? b.rate : null, label: barLabel(b) }));
  const top = Math.max(0.1, ...rows.map((r) => r.rate ?? 0)) * 1.2;
  const x = {
    field: 'group',
    type: 'ordinal' as const,
    sort: rows.map((r) => r.group),
    scale: { domain: rows.map((r) => r.group), paddingInner: 0.35, paddingOuter: 0.2 },
    title: 'Products held a year ago',
    axis: { labelAngle: 0 },
  };
  return {
    ...chartFrame('Churn by products held, last 12 months', `Customers a year ago (${curve.atRisk}) by products held then, and the share that left since (${curve.churned})`),
    data: { values: rows },
    layer: [
      {
        transform: [{ filter: 'datum.rate != null' }],
        mark: { type: 'bar', color: BAR },
        encoding: {
          x,
          y: { field: 'rate', type: 'quantitative', title: 'Left within the year', axis: { format: '.0%' }, scale: { domain: [0, Math.min(1, top)], nice: true } },
        },
      },
      {
        mark: { type: 'text', color: INK, baseline: 'bottom', dy: -4, fontSize: 11 },
        encoding: { x, y: { field: 'rate', type: 'quantitative' }, text: { field: 'label', type: 'nominal' } },
        transform: [{ calculate: 'datum.rate == null ? 0 : datum.rate', as: 'rate' }],
      },
    ],
  };
}

export function churnCurveSvg(curve: ChurnCurve): Promise<string> {
  return vegaLiteToSvg(churnCurveSpec(curve));
}

export function churnCurvePng(curve: ChurnCurve): Promise<Buffer> {
  return vegaLiteToPng(churnCurveSpec(curve));
}
