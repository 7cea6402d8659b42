/**
 * The forecast chart: children looked after at each month end — what happened (solid), the
 * baseline forecast (dashed) inside its prediction interval (shaded), and scenarios (dotted).
 * Server-rendered SVG from the same axis helpers as the project's other charts; colours as SVG
 * attributes (the content security policy forbids inline styles). The page gives the figures as tables.
 */
import { escapeXml, niceScale, shortMonth } from '../core/charts.ts';
import type { IsoDate } from '../core/dates.ts';

const BLUE = '#1d70b8';
const LIGHT_BLUE = '#d2e2f1';
const GREY = '#b1b4b6';
const BLACK = '#0b0c0c';
const SCENARIO_COLOURS = ['#d4351c', '#00703c', '#4c2c92', '#f47738', '#5694ca'];
const round = (value: number) => Math.round(value * 10) / 10;

export interface ForecastChart {
  id: string;
  title: string;
  description: string;
  yAxisLabel: string;
  history: { monthEnd: IsoDate; value: number }[];
  forecast: { monthEnd: IsoDate; expected: number; low: number; high: number }[];
  scenarios: { name: string; values: number[] }[];
  format?: (value: number) => string;
}

export function forecastChartSvg(chart: ForecastChart): string {
  const width = 760;
  const height = 380;
  const margin = { top: 20, right: 48, bottom: 96, left: 80 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const format = chart.format ?? ((value: number) => String(round(value)));
  const months = [...chart.history.map((point) => point.monthEnd), ...chart.forecast.map((point) => point.monthEnd)];
  const all = [...chart.history.map((point) => point.value), ...chart.forecast.flatMap((point) => [point.high, point.expected]), ...chart.scenarios.flatMap((scenario) => scenario.values)];
  const { top, step } = niceScale(Math.max(0, ...all));
  const count = months.length;
  const x = (index: number) => round(margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)));
  const y = (value: number) => round(margin.top + plotHeight - (Math.min(Math.max(value, 0), top) / top) * plotHeight);
  const offset = chart.history.length;
  const body: string[] = [];
  for (let tick = 0; tick <= top + step / 1000; tick += step) {
    body.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${GREY}" stroke-width="1"/>`,
      `<text x="${margin.left - 8}" y="${y(tick) + 5}" text-anchor="end" font-size="14" fill="${BLACK}">${escapeXml(format(round(tick)))}</text>`,
    );
  }
  if (chart.forecast.length) {
    const upper = chart.forecast.map((point, index) => `${x(offset + index)} ${y(point.high)}`);
    const lower = chart.forecast.map((point, index) => `${x(offset + index)} ${y(point.low)}`).reverse();
    const start = offset > 0 ? [`${x(offset - 1)} ${y(chart.history[offset - 1]!.value)}`] : [];
    body.push(`<path d="M${[...start, ...upper, ...lower].join(' L')} Z" fill="${LIGHT_BLUE}" stroke="none"><title>${escapeXml('Prediction interval')}</title></path>`);
  }
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  months.forEach((month, index) => {
    if ((count - 1 - index) % labelEvery !== 0) return;
    body.push(
      `<line x1="${x(index)}" x2="${x(index)}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 6}" stroke="${BLACK}" stroke-width="1"/>`,
      `<text x="${x(index)}" y="${margin.top + plotHeight + 24}" text-anchor="middle" font-size="14" fill="${BLACK}">${shortMonth(month)}</text>`,
    );
  });
  body.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${BLACK}" stroke-width="2"/>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="${BLACK}">${escapeXml(chart.yAxisLabel)}</text>`,
  );
  const line = (points: { index: number; value: number }[], colour: string, dash: string | null, label: string) => {
    if (!points.length) return;
    body.push(`<path d="${points.map((point, i) => `${i ? 'L' : 'M'}${x(point.index)} ${y(point.value)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeXml(label)}</title></path>`);
  };
  const join = offset > 0 ? [{ index: offset - 1, value: chart.history[offset - 1]!.value }] : [];
  line(chart.history.map((point, index) => ({ index, value: point.value })), BLACK, null, 'What happened');
  line([...join, ...chart.forecast.map((point, index) => ({ index: offset + index, value: point.expected }))], BLUE, '8 4', 'Forecast');
  chart.scenarios.forEach((scenario, s) => line([...join, ...scenario.values.map((value, index) => ({ index: offset + index, value }))], SCENARIO_COLOURS[s % SCENARIO_COLOURS.length]!, '2 4', scenario.name));
  // Key, below the axis.
  const key: { label: string; colour: string; dash: string | null; band?: boolean }[] = [
    { label: 'What happened', colour: BLACK, dash: null },
    { label: 'Forecast', colour: BLUE, dash: '8 4' },
    { label: 'Prediction interval', colour: LIGHT_BLUE, dash: null, band: true },
    ...chart.scenarios.map((scenario, s) => ({ label: scenario.name, colour: SCENARIO_COLOURS[s % SCENARIO_COLOURS.length]!, dash: '2 4' })),
  ];
  key.forEach((item, index) => {
    const keyX = margin.left + (index % 3) * 220;
    const keyY = margin.top + plotHeight + 48 + Math.floor(index / 3) * 22;
    body.push(
      item.band
        ? `<rect x="${keyX}" y="${keyY - 8}" width="28" height="12" fill="${item.colour}"/>`
        : `<line x1="${keyX}" x2="${keyX + 28}" y1="${keyY - 2}" y2="${keyY - 2}" stroke="${item.colour}" stroke-width="3"${item.dash ? ` stroke-dasharray="${item.dash}"` : ''}/>`,
      `<text x="${keyX + 36}" y="${keyY + 3}" font-size="14" fill="${BLACK}">${escapeXml(item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label)}</text>`,
    );
  });
  const rows = Math.ceil(key.length / 3);
  const fullHeight = height + Math.max(0, rows - 2) * 22;
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ks-chart" id="${escapeXml(chart.id)}" role="img" viewBox="0 0 ${width} ${fullHeight}" aria-labelledby="${escapeXml(chart.id)}-title ${escapeXml(chart.id)}-desc">`,
    `<title id="${escapeXml(chart.id)}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${escapeXml(chart.id)}-desc">${escapeXml(chart.description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}
