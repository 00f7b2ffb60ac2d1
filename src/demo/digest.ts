// The digest for a terminal (npm run demo): the same Block Kit the managers get, rendered as
// text, and the chart written as a PNG file.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { productsTrendPng } from '../charts/bar-chart.ts';
import { churnCurvePng } from '../charts/churn-chart.ts';
import type { Queryable } from '../data/sql.ts';
import { renderForTerminal } from '../delivery/outbox.ts';
import { buildDigest } from '../views/digest.ts';
import { loadDigest } from '../data/digest.ts';

/**
 * Renders workspace `workspaceId`'s digest as of `asOf` (default now) and saves the
 * products-per-customer chart to `chartPath` and the churn-by-products curve beside it
 * (`…-churn.png`). Returns the text (not printed) and the paths written, or null when the
 * workspace does not exist.
 */
export async function renderDigestForTerminal(
  db: Queryable,
  workspaceId: number,
  opts: { chartPath: string; asOf?: Date },
): Promise<{ text: string; chartPath: string; curvePath: string } | null> {
  const data = await loadDigest(db, workspaceId, opts.asOf ?? new Date());
  if (!data) return null;
  const chartPath = path.resolve(opts.chartPath);
  await mkdir(path.dirname(chartPath), { recursive: true });
  await writeFile(chartPath, await productsTrendPng(data.trend));
  const curvePath = chartPath.replace(/(\.png)?$/i, '-churn.png');
  await writeFile(curvePath, await churnCurvePng(data.current.curve));
  const text = renderForTerminal({ channel: 'terminal', ...buildDigest(data) }).replace(/\*([^*\n]+)\*/g, '$1');
  return { text: `${text}\n  (charts: ${chartPath}, ${curvePath})`, chartPath, curvePath };
}
