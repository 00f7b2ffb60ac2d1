// Draws a Vega-Lite spec: Vega lays it out as SVG (headless, no canvas), resvg rasterises it to
// PNG with DejaVu Sans from an npm package, never the host's fonts, so every machine draws the
// same image. resvg works on the libuv thread pool, off the event loop that answers Slack.
import { createRequire } from 'node:module';
import path from 'node:path';
import { renderAsync } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';

/** The one family charts name; it is the only font resvg is given. */
export const CHART_FONT = 'DejaVu Sans';

const FONT_DIR = path.join(path.dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf');
const FONT_FILES = ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf'].map((f) => path.join(FONT_DIR, f));

export async function vegaLiteToSvg(spec: TopLevelSpec): Promise<string> {
  // renderer 'none': no DOM; Vega estimates text widths, which is enough for layout
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** PNG of `svg`, `scale` device pixels per SVG unit (2 stays sharp on high-density screens). */
export async function svgToPng(svg: string, scale = 2): Promise<Buffer> {
  const image = await renderAsync(svg, {
    font: { loadSystemFonts: false, fontFiles: FONT_FILES, defaultFontFamily: CHART_FONT, sansSerifFamily: CHART_FONT },
    fitTo: { mode: 'zoom', value: scale },
    background: 'white',
  });
  return image.asPng();
}
