// A bar chart drawn pixel by pixel onto an RGB raster: bars, a baseline, an optional dashed
// target line, and labels in a 5×7 pixel font (digits and the few letters the labels use).
import { encodePng, type Raster } from './png.ts';

type Rgb = readonly [number, number, number];
const INK: Rgb = [60, 60, 70];
const GRID: Rgb = [200, 200, 205];
const BAR: Rgb = [38, 132, 120];
const EMPTY_BAR: Rgb = [225, 225, 228];
const TARGET: Rgb = [214, 120, 40];

// 5×7 glyphs, one string of 0/1 per row
const GLYPHS: Record<string, string[]> = {
  '0': ['01110', '10001', '10011', '10101', '11001', '10001', '01110'],
  '1': ['00100', '01100', '00100', '00100', '00100', '00100', '01110'],
  '2': ['01110', '10001', '00001', '00010', '00100', '01000', '11111'],
  '3': ['11110', '00001', '00001', '01110', '00001', '00001', '11110'],
  '4': ['00010', '00110', '01010', '10010', '11111', '00010', '00010'],
  '5': ['11111', '10000', '11110', '00001', '00001', '10001', '01110'],
  '6': ['00110', '01000', '10000', '11110', '10001', '10001', '01110'],
  '7': ['11111', '00001', '00010', '00100', '01000', '01000', '01000'],
  '8': ['01110', '10001', '10001', '01110', '10001', '10001', '01110'],
  '9': ['01110', '10001', '10001', '01111', '00001', '00010', '01100'],
  '.': ['00000', '00000', '00000', '00000', '00000', '01100', '01100'],
  '-': ['00000', '00000', '00000', '11111', '00000', '00000', '00000'],
  '+': ['00000', '00100', '00100', '11111', '00100', '00100', '00000'],
  '%': ['11001', '11010', '00010', '00100', '01000', '01011', '10011'],
  w: ['00000', '00000', '10001', '10001', '10101', '10101', '01010'],
  n: ['00000', '00000', '10110', '11001', '10001', '10001', '10001'],
  o: ['00000', '00000', '01110', '10001', '10001', '10001', '01110'],
  ' ': ['00000', '00000', '00000', '00000', '00000', '00000', '00000'],
};

class Canvas {
  readonly rgb: Uint8Array;
  constructor(readonly width: number, readonly height: number) {
    this.rgb = new Uint8Array(width * height * 3).fill(255);
  }
  set(x: number, y: number, c: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    this.rgb.set(c, (y * this.width + x) * 3);
  }
  rect(x0: number, y0: number, w: number, h: number, c: Rgb): void {
    for (let y = Math.round(y0); y < Math.round(y0 + h); y++) for (let x = Math.round(x0); x < Math.round(x0 + w); x++) this.set(x, y, c);
  }
  /** Text centred on cx with its top at y; `scale` pixels per font dot. */
  text(s: string, cx: number, y: number, scale: number, c: Rgb): void {
    const w = s.length * 6 * scale - scale;
    let x = Math.round(cx - w / 2);
    for (const ch of s) {
      const g = GLYPHS[ch] ?? GLYPHS[' ']!;
      g.forEach((row, gy) => [...row].forEach((bit, gx) => bit === '1' && this.rect(x + gx * scale, y + gy * scale, scale, scale, c)));
      x += 6 * scale;
    }
  }
}

export type Bar = { label: string; value: number | null; text: string };

/** Bars on a zero baseline; a bar with no value is drawn as an empty stub. */
export function drawBarChart(bars: readonly Bar[], opts: { width?: number; height?: number; target?: number } = {}): Raster {
  const width = opts.width ?? 640, height = opts.height ?? 320;
  const cv = new Canvas(width, height);
  const top = 40, bottom = height - 36, left = 24, right = width - 24;
  const max = Math.max(opts.target ?? 0, ...bars.map((b) => b.value ?? 0)) * 1.15 || 1;
  const y = (v: number) => bottom - (v / max) * (bottom - top);
  const slot = (right - left) / Math.max(1, bars.length);
  // the target line first, so bars and their values draw over it
  if (opts.target !== undefined) {
    const ty = Math.round(y(opts.target));
    for (let x = left; x < right; x += 12) cv.rect(x, ty, 7, 2, TARGET);
  }
  bars.forEach((b, i) => {
    const cx = left + slot * (i + 0.5);
    const bw = slot * 0.6;
    if (b.value === null) cv.rect(cx - bw / 2, bottom - 3, bw, 3, EMPTY_BAR);
    else {
      const h = Math.max(1, bottom - y(b.value));
      cv.rect(cx - bw / 2, bottom - h, bw, h, BAR);
      cv.text(b.text, cx, Math.round(bottom - h - 20), 2, INK);
    }
    cv.text(b.label, cx, bottom + 10, 2, INK);
  });
  cv.rect(left, bottom, right - left, 2, GRID);
  return { width, height, rgb: cv.rgb };
}

/** Mean products per customer, week by week (oldest first), against the target of 2. */
export function productsTrendPng(points: readonly { mean: number | null }[]): Buffer {
  const n = points.length;
  const bars = points.map((p, i) => ({
    label: i === n - 1 ? 'now' : `-${n - 1 - i}w`,
    value: p.mean,
    text: p.mean === null ? '' : p.mean.toFixed(2),
  }));
  return encodePng(drawBarChart(bars, { target: 2 }));
}

