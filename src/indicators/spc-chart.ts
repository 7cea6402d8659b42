/**
 * The statistical process control chart as server-rendered SVG (no script; colours are SVG
 * attributes because the content security policy forbids inline styles). Points are grey for common
 * cause, blue for special cause improving, orange for concerning, purple for neither (Making Data
 * Count colours); the mean is a solid line, the limits dashed, the target red; events are marked.
 * The page must also give the figures as a table.
 */
import type { IsoDate } from '../core/dates.ts';
import { escapeXml, niceScale } from '../caseloads/chart.ts';
import type { SpcResult } from './spc.ts';
import type { Polarity } from './types.ts';

const GREY = '#b1b4b6';
const DARK_GREY = '#505a5f';
const BLACK = '#0b0c0c';
const BLUE = '#1d70b8';
const ORANGE = '#f47738';
const PURPLE = '#4c2c92';
const RED = '#d4351c';
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const shortMonth = (date: IsoDate) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
const round = (value: number) => Math.round(value * 10) / 10;

export interface SpcChart {
  id: string;
  title: string;
  description: string;
  spc: SpcResult;
  polarity: Polarity;
  yAxisLabel: string;
  format?: (value: number) => string;
  events?: { date: IsoDate; title: string }[];
}

export function pointColour(special: 'high' | 'low' | null, polarity: Polarity): string {
  if (!special) return GREY;
  if (polarity === 'neutral') return PURPLE;
  return (special === 'high') === (polarity === 'higher_better') ? BLUE : ORANGE;
}

/** Height of one row of event labels above the plot. */
const EVENT_ROW = 16;
const PLOT_LEFT = 72;
const PLOT_RIGHT = 24;

function plotX(index: number, count: number, left: number, plotWidth: number): number {
  return round(left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)));
}

/**
 * Where each event's label goes: beside its line (before it when it would run off the chart), on the
 * first row where it clears the labels already placed. Widths are estimated at 7 px a character.
 */
function placeEventLabels(events: readonly { date: IsoDate; title: string }[], points: readonly { date: IsoDate }[], width: number) {
  const plotWidth = width - PLOT_LEFT - PLOT_RIGHT;
  const rowEnds: number[] = [];
  const placed: { title: string; fullTitle: string; index: number; row: number; anchorEnd: boolean }[] = [];
  for (const event of [...events].sort((a, b) => a.date.localeCompare(b.date))) {
    const index = points.findIndex((point) => point.date >= event.date);
    if (index < 0) continue;
    const lineX = plotX(index, points.length, PLOT_LEFT, plotWidth);
    const fullWidth = event.title.length * 7;
    const anchorEnd = lineX + 4 + fullWidth > width && lineX - 4 - fullWidth >= 0;
    // Too long for either side: shortened to the room on the right (the line's tooltip and the events table give it whole).
    const room = Math.floor((width - lineX - 4) / 7);
    const title = anchorEnd || event.title.length <= room ? event.title : `${event.title.slice(0, Math.max(1, room - 1)).trimEnd()}…`;
    const labelWidth = title.length * 7;
    const start = anchorEnd ? lineX - 4 - labelWidth : lineX + 4;
    let row = rowEnds.findIndex((end) => start > end + 8);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = start + labelWidth;
    placed.push({ title, fullTitle: event.title, index, row, anchorEnd });
  }
  return placed;
}

export function spcChartSvg(chart: SpcChart): string {
  const width = 760;
  const { points } = chart.spc;
  const labels = placeEventLabels(chart.events ?? [], points, width);
  // Event labels that would overlap go on rows of their own above the plot.
  const labelRows = Math.max(1, ...labels.map((label) => label.row + 1));
  const height = 380 + EVENT_ROW * (labelRows - 1);
  const margin = { top: 28 + EVENT_ROW * (labelRows - 1), right: PLOT_RIGHT, bottom: 64, left: PLOT_LEFT };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const format = chart.format ?? ((value: number) => String(round(value)));
  const numbers = points.flatMap((point) => [point.value, point.upper, point.lower, point.target].filter((value): value is number => value !== null));
  const low = Math.min(0, ...numbers);
  const { top, step } = niceScale(Math.max(...numbers, 0) - low);
  const count = points.length;
  const x = (index: number) => plotX(index, count, margin.left, plotWidth);
  const y = (value: number) => round(margin.top + plotHeight - ((Math.min(value, top + low) - low) / top) * plotHeight);
  const body: string[] = [];
  for (let tick = 0; tick <= top + step / 1000; tick += step) {
    body.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick + low)}" y2="${y(tick + low)}" stroke="${GREY}" stroke-width="0.5"/>`,
      `<text x="${margin.left - 8}" y="${y(tick + low) + 5}" text-anchor="end" font-size="14" fill="${BLACK}">${escapeXml(format(round(tick + low)))}</text>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  points.forEach((point, index) => {
    if ((count - 1 - index) % labelEvery !== 0) return;
    body.push(`<text x="${x(index)}" y="${margin.top + plotHeight + 24}" text-anchor="middle" font-size="14" fill="${BLACK}">${shortMonth(point.date)}</text>`);
  });
  body.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${BLACK}" stroke-width="2"/>`,
    `<text x="${margin.left + plotWidth / 2}" y="${height - 8}" text-anchor="middle" font-size="14" fill="${BLACK}">Month end</text>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="${BLACK}">${escapeXml(chart.yAxisLabel)}</text>`,
  );
  // Mean and limits, one run per segment (they step at a process change).
  const runs = (pick: (point: (typeof points)[number]) => number | null) => {
    let path = '';
    points.forEach((point, index) => {
      const value = pick(point);
      const previous = index > 0 ? points[index - 1]! : undefined;
      if (value === null) return;
      const continues = previous && previous.segment === point.segment && pick(previous) !== null;
      path += `${continues ? 'L' : 'M'}${x(index)} ${y(value)} `;
    });
    return path.trim();
  };
  const mean = runs((point) => point.mean);
  if (mean) body.push(`<path class="ks-spc__mean" d="${mean}" fill="none" stroke="${BLACK}" stroke-width="1.5"/>`);
  for (const [name, pick] of [['upper', (point: (typeof points)[number]) => point.upper], ['lower', (point: (typeof points)[number]) => point.lower]] as const) {
    const path = runs(pick);
    if (path) body.push(`<path class="ks-spc__${name}" d="${path}" fill="none" stroke="${DARK_GREY}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  }
  const target = runs((point) => point.target);
  if (target) body.push(`<path class="ks-spc__target" d="${target}" fill="none" stroke="${RED}" stroke-width="2" stroke-dasharray="2 3"/>`);
  for (const { title, fullTitle, index, row, anchorEnd } of labels) {
    body.push(
      `<line class="ks-spc__event" x1="${x(index)}" x2="${x(index)}" y1="${20 + EVENT_ROW * row - 12}" y2="${margin.top + plotHeight}" stroke="${PURPLE}" stroke-width="1" stroke-dasharray="3 3"><title>${escapeXml(fullTitle)}</title></line>`,
      `<text x="${anchorEnd ? x(index) - 4 : x(index) + 4}" y="${20 + EVENT_ROW * row}"${anchorEnd ? ' text-anchor="end"' : ''} font-size="13" fill="${PURPLE}">${escapeXml(title)}</text>`,
    );
  }
  const line = runs((point) => point.value);
  if (line) body.push(`<path d="${line}" fill="none" stroke="${DARK_GREY}" stroke-width="2"/>`);
  points.forEach((point, index) => {
    if (point.value === null) return;
    body.push(
      `<circle cx="${x(index)}" cy="${y(point.value)}" r="4" fill="${pointColour(point.special, chart.polarity)}"><title>${shortMonth(point.date)}: ${escapeXml(format(point.value))}${point.rules.length ? ` (special cause: ${point.rules.join(', ').replaceAll('_', ' ')})` : ''}</title></circle>`,
    );
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ks-chart" id="${escapeXml(chart.id)}" role="img" viewBox="0 0 ${width} ${height}" aria-labelledby="${escapeXml(chart.id)}-title ${escapeXml(chart.id)}-desc">`,
    `<title id="${escapeXml(chart.id)}-title">${escapeXml(chart.title)}</title>`,
    `<desc id="${escapeXml(chart.id)}-desc">${escapeXml(chart.description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}
