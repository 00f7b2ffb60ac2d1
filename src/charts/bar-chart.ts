// The digest's chart: mean products per customer, week by week, against the target of 2+.
// The spec is a pure Vega-Lite description (title, axis titles, the named target line);
// render.ts turns it into an image.
import type { TopLevelSpec } from 'vega-lite';
import { chartFrame, INK, MUTED } from './frame.ts';
import { vegaLiteToPng, vegaLiteToSvg } from './render.ts';

export { CHART_HEIGHT, CHART_WIDTH } from './frame.ts';

/** Products per customer the team aims for (the digest's "target 2+"). */
export const PRODUCTS_TARGET = 2;

const BAR = '#268478';
const TARGET = '#d67828';

export type TrendPoint = { mean: number | null };

/** "this week" for the last point, "N wk ago" before it. */
export function weekLabel(i: number, n: number): string {
  const ago = n - 1 - i;
  return ago === 0 ? 'this week' : `${ago} wk ago`;
}

/** Oldest week first; a week with no customers keeps its slot, marked "no data", and gets no bar. */
export function productsTrendSpec(points: readonly TrendPoint[]): TopLevelSpec {
  const n = points.length;
  const weeks = points.map((p, i) => ({ week: weekLabel(i, n), mean: p.mean }));
  // room above the tallest bar (or the target) for its value label
  const top = Math.max(PRODUCTS_TARGET, ...points.map((p) => p.mean ?? 0)) * 1.15;
  const x = {
    field: 'week',
    type: 'ordinal' as const,
    sort: weeks.map((w) => w.week),
    scale: { domain: weeks.map((w) => w.week), paddingInner: 0.35, paddingOuter: 0.2 },
    title: 'Week',
    axis: { labelAngle: 0 },
  };
  const y = { field: 'mean', type: 'quantitative' as const };
  return {
    ...chartFrame(`Products per customer, last ${n} weeks`, `Mean products each customer holds, by week; target ${PRODUCTS_TARGET}+`),
    data: { values: weeks },
    layer: [
      {
        // drawn first, so bars and their values sit over it
        data: { values: [{ target: PRODUCTS_TARGET }] },
        mark: { type: 'rule', color: TARGET, strokeWidth: 2, strokeDash: [6, 4] },
        encoding: { y: { field: 'target', type: 'quantitative' } },
      },
      {
        transform: [{ filter: 'datum.mean != null' }],
        mark: { type: 'bar', color: BAR },
        encoding: {
          x,
          y: { ...y, title: 'Products per customer', scale: { domain: [0, top], nice: true } },
        },
      },
      {
        transform: [{ filter: 'datum.mean != null' }],
        mark: { type: 'text', color: INK, baseline: 'bottom', dy: -4, fontSize: 11 },
        encoding: { x, y, text: { field: 'mean', type: 'quantitative', format: '.2f', title: 'Products per customer' } },
      },
      {
        transform: [{ filter: 'datum.mean == null' }],
        mark: { type: 'text', color: MUTED, baseline: 'bottom', dy: -4, fontSize: 11, text: 'no data' },
        encoding: { x, y: { datum: 0, type: 'quantitative' } },
      },
      {
        // named past the line's right end, outside the plot, so it never sits on a bar's label
        data: { values: [{ target: PRODUCTS_TARGET }] },
        mark: { type: 'text', color: TARGET, align: 'left', baseline: 'middle', dx: 6, fontSize: 11, fontWeight: 'bold' },
        encoding: {
          y: { field: 'target', type: 'quantitative' },
          x: { value: 'width' },
          text: { value: `Target: ${PRODUCTS_TARGET}+` },
        },
      },
    ],
  };
}

export function productsTrendSvg(points: readonly TrendPoint[]): Promise<string> {
  return vegaLiteToSvg(productsTrendSpec(points));
}

/** The chart as a PNG at twice its size in pixels, sharp on high-density screens. */
export async function productsTrendPng(points: readonly TrendPoint[]): Promise<Buffer> {
  return vegaLiteToPng(productsTrendSpec(points));
}
