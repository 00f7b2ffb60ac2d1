// Everything the digest shows, loaded for one workspace as of one instant.
import { localTime } from '../domain/clock.ts';
import { loadDigestSettings, loadTopAtStake } from '../data/digest.ts';
import { loadMetricsWithChange, loadProductsTrend } from '../data/metrics.ts';
import type { Queryable } from '../data/sql.ts';
import type { DigestData } from '../views/digest.ts';

export const TREND_WEEKS = 8;

export async function loadDigest(db: Queryable, workspaceId: number, asOf: Date): Promise<DigestData | null> {
  const settings = await loadDigestSettings(db, workspaceId);
  if (!settings) return null;
  const [{ current, previous }, { top, waitingNudges }, trend] = await Promise.all([
    loadMetricsWithChange(db, workspaceId, asOf),
    loadTopAtStake(db, workspaceId, 5),
    loadProductsTrend(db, workspaceId, asOf, TREND_WEEKS),
  ]);
  return { workspaceName: settings.name, localDate: localTime(asOf, settings.timezone).date, current, previous, top, waitingNudges, trend };
}
