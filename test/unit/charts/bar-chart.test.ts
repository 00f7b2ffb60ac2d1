// The digest chart as the libraries draw it: the Vega-Lite spec's SVG carries the title, the
// axis titles and the named target line, a bar only for weeks with customers; the PNG is a real
// PNG at twice the chart's size, and its text is drawn with the font shipped in node_modules.
import { describe, expect, it } from 'vitest';
import { CHART_HEIGHT, CHART_WIDTH, productsTrendPng, productsTrendSvg, weekLabel } from '../../../src/charts/bar-chart.ts';
import { svgToPng } from '../../../src/charts/render.ts';

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const points = [null, 1.42, 1.5, 1.55, 1.61, 1.7, 1.92, 2.05].map((mean) => ({ mean }));

/** The texts of an SVG's <text> elements, in document order. */
const texts = (svg: string) => [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
/** Bars: Vega labels each bar mark for screen readers with its week and value. */
const bars = (svg: string) => [...svg.matchAll(/aria-roledescription="bar"/g)].length;

describe('weekLabel', () => {
  it.each([
    [7, 8, 'this week'],
    [6, 8, '1 wk ago'],
    [0, 8, '7 wk ago'],
    [0, 1, 'this week'],
  ])('point %i of %i is "%s"', (i, n, label) => {
    expect(weekLabel(i, n)).toBe(label);
  });
});

describe('the products-per-customer chart', () => {
  it('has a title, both axis titles and the target line named', async () => {
    const t = texts(await productsTrendSvg(points));
    expect(t).toContain('Products per customer, last 8 weeks');
    expect(t).toContain('Week');
    expect(t).toContain('Products per customer');
    expect(t).toContain('Target: 2+');
    // the dashed target line itself, in the target colour
    expect(await productsTrendSvg(points)).toMatch(/class="mark-rule role-mark[^"]*"[^>]*><line[^>]*stroke="#d67828"[^>]*stroke-dasharray="6,4"/);
  });

  it('labels all 8 weeks, oldest first, and draws a bar with its value only where there were customers', async () => {
    const svg = await productsTrendSvg(points);
    const t = texts(svg);
    const weeks = ['7 wk ago', '6 wk ago', '5 wk ago', '4 wk ago', '3 wk ago', '2 wk ago', '1 wk ago', 'this week'];
    expect(t.filter((s) => weeks.includes(s!))).toEqual(weeks);
    expect(bars(svg)).toBe(7);
    expect(t).toEqual(expect.arrayContaining(['1.42', '1.50', '1.92', '2.05', 'no data']));
    expect(bars(await productsTrendSvg(points.map(() => ({ mean: 1.2 }))))).toBe(8);
  });

  it('keeps the target line in view when every week is far below it', async () => {
    const svg = await productsTrendSvg(points.map(() => ({ mean: 0.4 })));
    expect(texts(svg)).toContain('Target: 2+');
    expect(texts(svg)).toContain('2.0'); // the y axis reaches the target
  });

  it('is a PNG at twice the chart size, the same bytes for the same data', async () => {
    const png = await productsTrendPng(points);
    expect(png.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
    expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([CHART_WIDTH * 2, CHART_HEIGHT * 2]);
    expect(png.subarray(-8, -4).toString('ascii')).toBe('IEND');
    expect((await productsTrendPng(points)).equals(png)).toBe(true);
  });

  it('draws text with the shipped font (a missing font would leave the text out)', async () => {
    const frame = (body: string) =>
      `<svg xmlns="http://www.w3.org/2000/svg" width="120" height="30">${body}</svg>`;
    const blank = await svgToPng(frame(''));
    const withText = await svgToPng(frame('<text x="4" y="20" font-family="DejaVu Sans" font-size="16">Target</text>'));
    expect(withText.equals(blank)).toBe(false);
  });
});

describe('drawing off the event loop', () => {
  it('lays out and rasterises in a worker thread: the main loop keeps turning while a chart is drawn', async () => {
    await productsTrendPng(points); // the worker thread and its modules start once
    // Not a timing bound on the drawing: drawn on this thread, the ~100-250 ms of layout would
    // hold the loop for the whole drawing (one gap as long as it); drawn in a worker, ticks of a
    // 2 ms interval keep coming, and the longest gap stays a fraction of the drawing's time.
    let last = performance.now();
    let longestGap = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longestGap = Math.max(longestGap, now - last);
      last = now;
    }, 2);
    const started = performance.now();
    const drawn = await Promise.all([productsTrendPng(points), productsTrendPng(points.slice(1)), productsTrendPng(points.slice(2))]);
    const took = performance.now() - started;
    clearInterval(ticker);
    longestGap = Math.max(longestGap, performance.now() - last); // a loop held to the end never ticked at all
    expect(drawn.every((png) => png.subarray(0, 8).equals(PNG_SIGNATURE))).toBe(true);
    expect(longestGap).toBeLessThan(took / 2);
  });
});
