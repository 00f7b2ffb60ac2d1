// What every digest chart shares: its size, ink and type, so the two charts read as one set.
import { CHART_FONT } from './render.ts';

export const CHART_WIDTH = 640;
export const CHART_HEIGHT = 320;
export const INK = '#3c3c46';
export const MUTED = '#8a8a94';

/** The top-level fields of a digest chart's Vega-Lite spec: size, padding, fonts, title. */
export function chartFrame(text: string, subtitle: string) {
  return {
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: 'fit' as const, contains: 'padding' as const },
    padding: 12,
    background: 'white',
    config: {
      font: CHART_FONT,
      view: { stroke: null },
      axis: { labelColor: INK, titleColor: INK, labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'bold' as const },
      title: { color: INK, subtitleColor: MUTED, fontSize: 16, subtitleFontSize: 11, anchor: 'start' as const },
    },
    title: { text, subtitle },
  };
}
