// Runs in a worker thread (a piscina pool, see render.ts): Vega-Lite → Vega → SVG, and resvg's
// PNG, for one chart. Laying a chart out takes 100-250 ms of CPU, which on the main thread would
// hold every Slack request waiting on the same event loop. Plain JavaScript because a worker
// thread loads its file with Node's own loader, which reads no TypeScript.
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';

/** @param {{ spec: object }} spec a Vega-Lite spec */
async function layout(spec) {
  // renderer 'none': no DOM; Vega estimates text widths, which is enough for layout
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: 'none' });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * A chart from a Vega-Lite spec (or an SVG drawn already), as SVG and, when asked, PNG.
 * @param {{ spec?: object, svg?: string, png?: { scale: number, font: object } }} task
 */
export default async function draw({ spec, svg: given, png }) {
  const svg = given ?? (await layout(spec));
  if (!png) return { svg };
  const image = new Resvg(svg, { font: png.font, fitTo: { mode: 'zoom', value: png.scale }, background: 'white' }).render();
  return { svg, png: image.asPng() };
}
