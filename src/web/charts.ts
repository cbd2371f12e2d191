import * as echarts from 'echarts';
import { escapeHtml } from './web-page';

// Charts are drawn on the server by Apache ECharts into SVG, so the pages need no script; the numbers they show are
// in the page's tables too (the charts are a picture of them, described by the figure's caption).

const PALETTE = ['#1d4ed8', '#0f766e', '#b45309', '#7c3aed', '#be123c'];
const TEXT = { color: '#374151', fontFamily: 'system-ui, sans-serif' };

function svgOf(option: echarts.EChartsOption, width: number, height: number): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: PALETTE, textStyle: TEXT, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

const figure = (testId: string, caption: string, svg: string) =>
  `<figure data-testid="${testId}" role="img" aria-label="${escapeHtml(caption)}">${svg}<figcaption>${escapeHtml(caption)}</figcaption></figure>`;

/** A line over categories (gaps where a value is null), e.g. NPS per stage from −100 to 100. */
export function lineChart(input: {
  testId: string;
  caption: string;
  categories: string[];
  values: (number | null)[];
  min?: number;
  max?: number;
}): string {
  const svg = svgOf(
    {
      grid: { left: 48, right: 24, top: 24, bottom: 40 },
      xAxis: { type: 'category', data: input.categories, axisLabel: { interval: 0 } },
      yAxis: { type: 'value', min: input.min, max: input.max },
      series: [
        {
          type: 'line',
          data: input.values,
          connectNulls: false,
          label: { show: true, position: 'top' },
          symbolSize: 8,
        },
      ],
    },
    640,
    240,
  );
  return figure(input.testId, input.caption, svg);
}

/** Horizontal bars: one row per category, one bar per series. */
export function barChart(input: {
  testId: string;
  caption: string;
  categories: string[];
  series: { name: string; values: number[] }[];
}): string {
  const height = Math.max(160, 56 + input.categories.length * (16 + 12 * input.series.length));
  const svg = svgOf(
    {
      legend: input.series.length > 1 ? { top: 0, textStyle: TEXT } : undefined,
      grid: { left: 8, right: 40, top: input.series.length > 1 ? 32 : 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value', minInterval: 1 },
      yAxis: {
        type: 'category',
        inverse: true,
        data: input.categories,
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      series: input.series.map((s) => ({
        type: 'bar',
        name: s.name,
        data: s.values,
        label: { show: true, position: 'right' },
      })),
    },
    640,
    height,
  );
  return figure(input.testId, input.caption, svg);
}
