/**
 * Server-rendered SVG charts: pure functions from figures to markup, no script needed.
 * Colours are SVG presentation attributes (the content security policy forbids inline styles).
 * Each chart is an image with a title and a description; the page must also give its figures as a table.
 */
import type { IsoDate } from '../core/dates.ts';

const BLUE = '#1d70b8';
const RED = '#d4351c';
const GREY = '#b1b4b6';
const BLACK = '#0b0c0c';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

const shortMonth = (date: IsoDate) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
const round = (value: number) => Math.round(value * 10) / 10;

/** A round upper limit for an axis (1, 2, 2.5 or 5 times a power of ten, at least `max`), and its tick step. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)!;
  return { top: step * Math.ceil(max / step), step };
}

function chartFrame(id: string, title: string, description: string, width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ks-chart" id="${escapeXml(id)}" role="img" viewBox="0 0 ${width} ${height}" aria-labelledby="${escapeXml(id)}-title ${escapeXml(id)}-desc">`,
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}</title>`,
    `<desc id="${escapeXml(id)}-desc">${escapeXml(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}

export interface MonthlyLineChart {
  id: string;
  title: string;
  description: string;
  /** One value per month-end, oldest first; null leaves a gap. */
  points: { monthEnd: IsoDate; value: number | null }[];
  yAxisLabel: string;
  /** Formats a value for tick labels and point titles, e.g. (v) => `${v}%`. */
  format?: (value: number) => string;
  /** A horizontal reference line, e.g. the caseload threshold. */
  referenceLine?: { value: number; label: string };
}

/** A line chart of monthly figures with labelled axes, gridlines, points and an optional reference line. */
export function monthlyLineChartSvg(chart: MonthlyLineChart): string {
  const width = 720;
  const height = 340;
  const margin = { top: 20, right: 40, bottom: 64, left: 64 };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const format = chart.format ?? ((value: number) => String(round(value)));
  const values = chart.points.flatMap((point) => (point.value === null ? [] : [point.value]));
  const { top, step } = niceScale(Math.max(...values, chart.referenceLine?.value ?? 0, 0));
  const count = chart.points.length;
  const x = (index: number) => round(margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)));
  const y = (value: number) => round(margin.top + plotHeight - (Math.min(value, top) / top) * plotHeight);
  const body: string[] = [];

  for (let tick = 0; tick <= top + step / 1000; tick += step) {
    body.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${GREY}" stroke-width="1"/>`,
      `<text x="${margin.left - 8}" y="${y(tick) + 5}" text-anchor="end" font-size="14" fill="${BLACK}">${escapeXml(format(round(tick)))}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  chart.points.forEach((point, index) => {
    if ((count - 1 - index) % labelEvery !== 0) return;
    body.push(
      `<line x1="${x(index)}" x2="${x(index)}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 6}" stroke="${BLACK}" stroke-width="1"/>`,
      `<text x="${x(index)}" y="${margin.top + plotHeight + 24}" text-anchor="middle" font-size="14" fill="${BLACK}">${shortMonth(point.monthEnd)}</text>`,
    );
  });
  body.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${BLACK}" stroke-width="2"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle" font-size="14" fill="${BLACK}">Month end</text>`,
    `<text transform="translate(16 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="${BLACK}">${escapeXml(chart.yAxisLabel)}</text>`,
  );
  if (chart.referenceLine) {
    const lineY = y(chart.referenceLine.value);
    body.push(
      `<line class="ks-chart__reference" x1="${margin.left}" x2="${width - margin.right}" y1="${lineY}" y2="${lineY}" stroke="${RED}" stroke-width="2" stroke-dasharray="8 4"/>`,
      `<text x="${width - margin.right}" y="${lineY - 6}" text-anchor="end" font-size="14" fill="${RED}">${escapeXml(chart.referenceLine.label)}</text>`,
    );
  }
  let path = '';
  let drawing = false;
  chart.points.forEach((point, index) => {
    if (point.value === null) {
      drawing = false;
      return;
    }
    path += `${drawing ? 'L' : 'M'}${x(index)} ${y(point.value)} `;
    drawing = true;
  });
  if (path) body.push(`<path d="${path.trim()}" fill="none" stroke="${BLUE}" stroke-width="3" stroke-linejoin="round"/>`);
  chart.points.forEach((point, index) => {
    if (point.value === null) return;
    body.push(
      `<circle cx="${x(index)}" cy="${y(point.value)}" r="3.5" fill="${BLUE}"><title>${shortMonth(point.monthEnd)}: ${escapeXml(format(point.value))}</title></circle>`,
    );
  });
  return chartFrame(chart.id, chart.title, chart.description, width, height, body);
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  /** `text` is written after the bar, e.g. "5 workers (50%)". */
  bars: { label: string; value: number; text: string; highlight?: boolean }[];
}

/** Horizontal bars with their labels and values written out; highlighted bars are red. */
export function barChartSvg(chart: BarChart): string {
  const barHeight = 28;
  const gap = 12;
  const labelWidth = 130;
  const width = 560;
  const valueSpace = 180;
  const height = chart.bars.length * (barHeight + gap) + gap;
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const body = chart.bars.flatMap((bar, index) => {
    const top = gap + index * (barHeight + gap);
    const length = round(((width - labelWidth - valueSpace) * bar.value) / max);
    return [
      `<text x="${labelWidth - 10}" y="${top + barHeight / 2 + 5}" text-anchor="end" font-size="16" fill="${BLACK}">${escapeXml(bar.label)}</text>`,
      `<rect x="${labelWidth}" y="${top}" width="${length}" height="${barHeight}" fill="${bar.highlight ? RED : BLUE}"/>`,
      `<text x="${labelWidth + length + 8}" y="${top + barHeight / 2 + 5}" font-size="16" fill="${BLACK}">${escapeXml(bar.text)}</text>`,
    ];
  });
  return chartFrame(chart.id, chart.title, chart.description, width, height, body);
}
