// Draws a Vega-Lite spec: Vega lays it out as SVG (headless, no canvas), resvg rasterises it to
// PNG with DejaVu Sans from an npm package, never the host's fonts, so every machine draws the
// same image. Both run in a worker thread (render-worker.mjs, one lazily started, idle-closed
// thread from piscina), off the event loop that answers Slack.
import { createRequire } from 'node:module';
import path from 'node:path';
import { Piscina } from 'piscina';
import type { TopLevelSpec } from 'vega-lite';

/** The one family charts name; it is the only font resvg is given. */
export const CHART_FONT = 'DejaVu Sans';

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, f));
const FONT = { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT };

let pool: Piscina | undefined;

/** One thread at most (a digest draws one chart); it exits after a minute idle and never holds the process open. */
function drawingPool(): Piscina {
  pool ??= new Piscina({
    filename: new URL('./render-worker.mjs', import.meta.url).href,
    minThreads: 0,
    maxThreads: 1,
    idleTimeout: 60_000,
  });
  return pool;
}

type Drawn = { svg: string; png?: Uint8Array };

export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  return ((await drawingPool().run({ spec })) as Drawn).svg;
}

async function png(task: { spec: TopLevelSpec } | { svg: string }, scale: number): Promise<Buffer> {
  const { png: bytes } = (await drawingPool().run({ ...task, png: { scale, font: FONT } })) as Drawn;
  return Buffer.from(bytes!.buffer, bytes!.byteOffset, bytes!.byteLength);
}

/** PNG of `spec`, `scale` device pixels per SVG unit (2 stays sharp on high-density screens). */
export function vegaLiteToPng(spec: TopLevelSpec, scale = 2): Promise<Buffer> {
  return png({ spec }, scale);
}

/** PNG of an SVG drawn already, with the chart font. */
export function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  return png({ svg }, scale);
}
