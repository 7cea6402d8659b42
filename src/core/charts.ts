/**
 * Keystone's one chart module: server-rendered SVG, pure functions from figures to markup, no script.
 * Colours are SVG presentation attributes (the content security policy forbids inline styles). Each
 * chart is an image with a title and a description; the page must also give its figures as a table.
 *
 * Layout rules every chart keeps (tested in charts.test.ts):
 * - no text runs off the image: margins are sized from the labels they hold (widths estimated from
 *   Arial's character widths), long category labels wrap onto two lines rather than being cut, and the
 *   first and last month labels are pulled inside the plot's ends;
 * - a percentage axis never runs past 0–100% (process limits beyond it are drawn at the edge);
 * - event labels sit at their line, the line at the event's own date;
 * - text is at least 14 units in a chart at most 760 wide, so it prints at 9 pt or more on an A4 page.
 */
import type { IsoDate } from './dates.ts';

export const COLOURS = {
  blue: '#1d70b8',
  red: '#d4351c',
  grey: '#b1b4b6',
  darkGrey: '#505a5f',
  black: '#0b0c0c',
  orange: '#f47738',
  purple: '#4c2c92',
  green: '#00703c',
} as const;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** The smallest text on a chart, in viewBox units (charts are at most 760 wide). */
export const FONT_SIZE = 14;

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

export const shortMonth = (date: IsoDate) => `${MONTHS[Number(date.slice(5, 7)) - 1]} ${date.slice(0, 4)}`;
const round = (value: number) => Math.round(value * 10) / 10;

/** Arial's advance widths in ems, by character class: a safe over-estimate for GOV.UK's fonts. */
export function textWidth(text: string, fontSize = FONT_SIZE): number {
  let ems = 0;
  for (const character of text) {
    if ("il.,:;|!'’ ()[]ftjI".includes(character)) ems += 0.3;
    else if ('mwMW@%'.includes(character)) ems += 0.9;
    else if (/[A-Z]/.test(character)) ems += 0.7;
    else ems += 0.58;
  }
  return ems * fontSize;
}

/**
 * A label broken at spaces into at most `maxLines` lines no wider than `width`; a word too long for
 * a line, or text beyond the last line, is shortened with an ellipsis (the full text goes in a title).
 */
export function wrapText(text: string, width: number, fontSize = FONT_SIZE, maxLines = 2): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const candidate = line ? `${line} ${word}` : word;
    if (textWidth(candidate, fontSize) <= width || !line) line = candidate;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line) lines.push(line);
  const kept = lines.slice(0, maxLines);
  const last = kept.length - 1;
  if (last >= 0 && (lines.length > maxLines || textWidth(kept[last]!, fontSize) > width)) kept[last] = shorten(lines.slice(last).join(' '), width, fontSize);
  return kept.map((entry, index) => (index < last && textWidth(entry, fontSize) > width ? shorten(entry, width, fontSize) : entry));
}

function shorten(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  let kept = text;
  while (kept.length > 1 && textWidth(`${kept}…`, fontSize) > width) kept = kept.slice(0, -1);
  return `${kept.trimEnd()}…`;
}

/** A round upper limit for an axis (1, 2, 2.5 or 5 times a power of ten, at least `max`), and its tick step. */
export function niceScale(max: number, ticks = 5): { top: number; step: number } {
  if (!(max > 0)) return { top: ticks, step: 1 };
  const raw = max / ticks;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((factor) => factor * power).find((candidate) => candidate >= raw)!;
  return { top: step * Math.ceil(max / step), step };
}

/**
 * The value axis for some numbers: from 0 (or below, for negative values) to a round top. A
 * percentage axis stays within 0–100%: its top is at most 100, with a step that lands on it.
 */
export function valueAxis(numbers: readonly number[], percent = false): { low: number; top: number; step: number } {
  const finite = numbers.filter((value) => Number.isFinite(value));
  const low = percent ? 0 : Math.min(0, ...finite);
  const high = Math.max(0, ...finite);
  if (percent) {
    const { top, step } = niceScale(Math.min(high, 100));
    return top >= 100 || high >= 100 ? { low: 0, top: 100, step: 20 } : { low: 0, top, step };
  }
  const { top, step } = niceScale(high - low);
  return { low, top: top + low, step };
}

function frame(id: string, title: string, description: string, width: number, height: number, body: string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="ks-chart" id="${escapeXml(id)}" role="img" viewBox="0 0 ${width} ${height}" aria-labelledby="${escapeXml(id)}-title ${escapeXml(id)}-desc">`,
    `<title id="${escapeXml(id)}-title">${escapeXml(title)}</title>`,
    `<desc id="${escapeXml(id)}-desc">${escapeXml(description)}</desc>`,
    ...body,
    '</svg>',
  ].join('\n');
}

const text = (x: number, y: number, content: string, attributes = '', fill: string = COLOURS.black, size = FONT_SIZE) =>
  `<text x="${round(x)}" y="${round(y)}"${attributes} font-size="${size}" fill="${fill}">${escapeXml(content)}</text>`;

/** A plot area over months: the x position of each month, the y of each value, and its axes drawn. */
interface MonthPlot {
  width: number;
  height: number;
  margin: { top: number; right: number; bottom: number; left: number };
  x(index: number): number;
  y(value: number): number;
  /** x for a date between month ends, or undefined when it falls outside the months shown. */
  xOfDate(date: IsoDate): number | undefined;
  axes: string[];
}

function monthPlot(options: {
  dates: readonly IsoDate[];
  numbers: readonly number[];
  percent: boolean;
  format: (value: number) => string;
  yAxisLabel: string;
  width: number;
  height: number;
  top: number;
  right?: number;
  gridWidth?: number;
}): MonthPlot {
  const { dates, width, height, format } = options;
  const { low, top, step } = valueAxis(options.numbers, options.percent);
  const ticks: number[] = [];
  for (let tick = low; tick <= top + step / 1000; tick += step) ticks.push(round(tick));
  // Room for the rotated axis title, the widest tick label and the tick gap.
  const left = Math.ceil(24 + Math.max(...ticks.map((tick) => textWidth(format(tick)))) + 10);
  const margin = { top: options.top, right: Math.max(options.right ?? 24, 8), bottom: 64, left: Math.max(left, 56) };
  const plotWidth = width - margin.left - margin.right;
  const plotHeight = height - margin.top - margin.bottom;
  const count = dates.length;
  const x = (index: number) => round(margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)));
  const y = (value: number) => round(margin.top + plotHeight - ((Math.max(low, Math.min(value, top)) - low) / (top - low)) * plotHeight);
  const day = (date: IsoDate) => Date.parse(`${date}T00:00:00Z`) / 86_400_000;
  const xOfDate = (date: IsoDate): number | undefined => {
    if (!count) return undefined;
    const target = day(date);
    const first = day(dates[0]!);
    // A month end stands for its month: an event in the first month is drawn at its start.
    if (target < first - 31 || target > day(dates[count - 1]!)) return undefined;
    const after = dates.findIndex((entry) => day(entry) >= target);
    if (after <= 0) return x(0);
    const from = day(dates[after - 1]!);
    return round(x(after - 1) + ((target - from) / (day(dates[after]!) - from)) * (x(after) - x(after - 1)));
  };
  const axes: string[] = [];
  for (const tick of ticks) {
    axes.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${COLOURS.grey}" stroke-width="${options.gridWidth ?? 1}"/>`,
      text(margin.left - 8, y(tick) + 5, format(tick), ' text-anchor="end"'),
    );
  }
  // Month labels: at most eight, always the last; each kept inside the image.
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  dates.forEach((date, index) => {
    if ((count - 1 - index) % labelEvery !== 0) return;
    const label = shortMonth(date);
    const half = textWidth(label) / 2;
    const centre = Math.min(Math.max(x(index), half + 2), width - half - 2);
    axes.push(
      `<line x1="${x(index)}" x2="${x(index)}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 6}" stroke="${COLOURS.black}" stroke-width="1"/>`,
      text(centre, margin.top + plotHeight + 24, label, ' text-anchor="middle"'),
    );
  });
  axes.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${COLOURS.black}" stroke-width="2"/>`,
    text(margin.left + plotWidth / 2, height - 8, 'Month end', ' text-anchor="middle"'),
    `<text transform="translate(18 ${round(margin.top + plotHeight / 2)}) rotate(-90)" text-anchor="middle" font-size="${FONT_SIZE}" fill="${COLOURS.black}">${escapeXml(options.yAxisLabel)}</text>`,
  );
  return { width, height, margin, x, y, xOfDate, axes };
}

/** An SVG path through the values, a gap wherever a value is null or `breaks` says a new run starts. */
function pathThrough(values: readonly (number | null)[], plot: MonthPlot, breaks: (index: number) => boolean = () => false): string {
  let path = '';
  let drawing = false;
  values.forEach((value, index) => {
    if (value === null) {
      drawing = false;
      return;
    }
    path += `${drawing && !breaks(index) ? 'L' : 'M'}${plot.x(index)} ${plot.y(value)} `;
    drawing = true;
  });
  return path.trim();
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
  /** Values are percentages: the axis stays within 0–100%. */
  percent?: boolean;
  /** A horizontal reference line, e.g. the caseload threshold. */
  referenceLine?: { value: number; label: string };
  /** A line that changes month by month, e.g. a trajectory: one value per point (null: none that month). */
  trajectory?: { label: string; values: (number | null)[] };
}

/** A line chart of monthly figures with labelled axes, gridlines, points and an optional reference line or trajectory. */
export function monthlyLineChartSvg(chart: MonthlyLineChart): string {
  const format = chart.format ?? ((value: number) => String(round(value)));
  const values = chart.points.map((point) => point.value);
  const trajectory = chart.trajectory?.values ?? [];
  const numbers = [...values, ...trajectory, chart.referenceLine?.value ?? null].filter((value): value is number => value !== null);
  const plot = monthPlot({
    dates: chart.points.map((point) => point.monthEnd),
    numbers,
    percent: chart.percent ?? false,
    format,
    yAxisLabel: chart.yAxisLabel,
    width: 720,
    height: 340,
    top: 24,
  });
  const body = [...plot.axes];
  const right = plot.width - plot.margin.right;
  if (chart.referenceLine) {
    const lineY = plot.y(chart.referenceLine.value);
    body.push(
      `<line class="ks-chart__reference" x1="${plot.margin.left}" x2="${right}" y1="${lineY}" y2="${lineY}" stroke="${COLOURS.red}" stroke-width="2" stroke-dasharray="8 4"/>`,
      text(right, lineY - 6, chart.referenceLine.label, ' text-anchor="end"', COLOURS.red),
    );
  }
  if (chart.trajectory) {
    const path = pathThrough(trajectory, plot);
    if (path) {
      body.push(`<path class="ks-chart__trajectory" d="${path}" fill="none" stroke="${COLOURS.red}" stroke-width="2" stroke-dasharray="8 4"/>`);
      const lastIndex = trajectory.findLastIndex((value) => value !== null);
      const lastY = plot.y(trajectory[lastIndex]!);
      // Labelled at its end, above the line (below it when that is the top of the plot).
      body.push(text(plot.x(lastIndex), lastY < plot.margin.top + 20 ? lastY + 20 : lastY - 8, chart.trajectory.label, ' text-anchor="end"', COLOURS.red));
    }
  }
  const path = pathThrough(values, plot);
  if (path) body.push(`<path d="${path}" fill="none" stroke="${COLOURS.blue}" stroke-width="3" stroke-linejoin="round"/>`);
  chart.points.forEach((point, index) => {
    if (point.value === null) return;
    body.push(
      `<circle cx="${plot.x(index)}" cy="${plot.y(point.value)}" r="3.5" fill="${COLOURS.blue}"><title>${shortMonth(point.monthEnd)}: ${escapeXml(format(point.value))}</title></circle>`,
    );
  });
  return frame(chart.id, chart.title, chart.description, plot.width, plot.height, body);
}

export interface BarChart {
  id: string;
  title: string;
  description: string;
  /** `text` is written after the bar, e.g. "5 workers (50%)". */
  bars: { label: string; value: number; text: string; highlight?: boolean }[];
}

/**
 * Horizontal bars with their labels and values written out; highlighted bars are red. The label
 * column is as wide as the longest label needs, up to two fifths of the chart; longer labels wrap.
 */
export function barChartSvg(chart: BarChart): string {
  const width = 640;
  const gap = 12;
  const lineHeight = 18;
  const size = 16;
  const labelWidth = Math.min(Math.max(80, ...chart.bars.map((bar) => textWidth(bar.label, size))), width * 0.4);
  const valueSpace = Math.max(60, ...chart.bars.map((bar) => textWidth(bar.text, size))) + 12;
  const barStart = labelWidth + 12;
  const max = Math.max(1, ...chart.bars.map((bar) => bar.value));
  const body: string[] = [];
  let top = gap;
  for (const bar of chart.bars) {
    const lines = wrapText(bar.label, labelWidth, size);
    const rowHeight = Math.max(28, lines.length * lineHeight + 8);
    const length = round(((width - barStart - valueSpace) * Math.max(0, bar.value)) / max);
    const middle = top + rowHeight / 2;
    const firstBaseline = middle - ((lines.length - 1) * lineHeight) / 2 + 5;
    body.push(
      `<text x="${round(labelWidth)}" y="${round(firstBaseline)}" text-anchor="end" font-size="${size}" fill="${COLOURS.black}">${lines
        .map((line, index) => `<tspan x="${round(labelWidth)}" y="${round(firstBaseline + index * lineHeight)}">${escapeXml(line)}</tspan>`)
        .join('')}${lines.join(' ') === bar.label ? '' : `<title>${escapeXml(bar.label)}</title>`}</text>`,
      `<rect x="${round(barStart)}" y="${round(top)}" width="${length}" height="${rowHeight}" fill="${bar.highlight ? COLOURS.red : COLOURS.blue}"/>`,
      text(barStart + length + 8, middle + 5, bar.text, '', COLOURS.black, size),
    );
    top += rowHeight + gap;
  }
  return frame(chart.id, chart.title, chart.description, width, Math.max(top, 2 * gap), body);
}

// ----- Statistical process control ----------------------------------------------------------------

export type Polarity = 'higher_better' | 'lower_better' | 'neutral';

/** Which side of the mean a special cause is on. */
export type SpcSide = 'high' | 'low';
/** The Making Data Count rules that flag a point (src/indicators/spc.ts). */
export type SpcRule = 'astronomical' | 'shift' | 'trend' | 'two_of_three';

/** A point of an SPC chart: the analysis of src/indicators/spc.ts gives them, the chart draws them. */
export interface SpcPoint {
  date: IsoDate;
  value: number | null;
  segment: number;
  mean: number | null;
  upper: number | null;
  lower: number | null;
  /** Special cause side for this point, if any rule flags it. */
  special: SpcSide | null;
  rules: SpcRule[];
  target: number | null;
}

export interface SpcChart {
  id: string;
  title: string;
  description: string;
  spc: { points: readonly SpcPoint[] };
  polarity: Polarity;
  yAxisLabel: string;
  format?: (value: number) => string;
  /** Values are percentages: the axis stays within 0–100%. */
  percent?: boolean;
  events?: { date: IsoDate; title: string }[];
}

/** Making Data Count colours: grey common cause, blue improving, orange concerning, purple neither. */
export function pointColour(special: SpcSide | null, polarity: Polarity): string {
  if (!special) return COLOURS.grey;
  if (polarity === 'neutral') return COLOURS.purple;
  return (special === 'high') === (polarity === 'higher_better') ? COLOURS.blue : COLOURS.orange;
}

/** Height of one row of event labels above the plot. */
const EVENT_ROW = 18;
const EVENT_SIZE = 14;

/**
 * Where each event's label goes: beside its line (before it when it would run off the chart), on the
 * first row where it clears the labels already placed; shortened only when too long for either side.
 */
function placeEventLabels(events: readonly { x: number; title: string }[], width: number) {
  const rowEnds: number[] = [];
  return events.map((event) => {
    const fullWidth = textWidth(event.title, EVENT_SIZE);
    const anchorEnd = event.x + 4 + fullWidth > width && event.x - 4 - fullWidth >= 0;
    const title = anchorEnd ? event.title : shorten(event.title, width - event.x - 6, EVENT_SIZE);
    const labelWidth = textWidth(title, EVENT_SIZE);
    const start = anchorEnd ? event.x - 4 - labelWidth : event.x + 4;
    let row = rowEnds.findIndex((end) => start > end + 8);
    if (row < 0) row = rowEnds.push(0) - 1;
    rowEnds[row] = start + labelWidth;
    return { ...event, label: title, row, anchorEnd };
  });
}

/** The SPC chart: mean solid, limits dashed, target red dotted, events marked at their dates. */
export function spcChartSvg(chart: SpcChart): string {
  const width = 760;
  const { points } = chart.spc;
  const format = chart.format ?? ((value: number) => String(round(value)));
  const numbers = points.flatMap((point) => [point.value, point.upper, point.lower, point.target].filter((value): value is number => value !== null));
  // The x scale does not depend on the rows of event labels: lay out once to find the dates' x.
  const probe = monthPlot({
    dates: points.map((point) => point.date),
    numbers,
    percent: chart.percent ?? false,
    format,
    yAxisLabel: chart.yAxisLabel,
    width,
    height: 380,
    top: 28,
  });
  const located = [...(chart.events ?? [])]
    .sort((a, b) => a.date.localeCompare(b.date))
    .flatMap((event) => {
      const x = probe.xOfDate(event.date);
      return x === undefined ? [] : [{ x, title: event.title }];
    });
  const labels = placeEventLabels(located, width);
  const labelRows = Math.max(1, ...labels.map((label) => label.row + 1));
  const height = 380 + EVENT_ROW * (labelRows - 1);
  const plot = monthPlot({
    dates: points.map((point) => point.date),
    numbers,
    percent: chart.percent ?? false,
    format,
    yAxisLabel: chart.yAxisLabel,
    width,
    height,
    top: 28 + EVENT_ROW * (labelRows - 1),
    gridWidth: 0.5,
  });
  const body = [...plot.axes];
  const bottom = plot.height - plot.margin.bottom;
  const newSegment = (index: number) => index > 0 && points[index - 1]!.segment !== points[index]!.segment;
  const mean = pathThrough(
    points.map((point) => point.mean),
    plot,
    newSegment,
  );
  if (mean) body.push(`<path class="ks-spc__mean" d="${mean}" fill="none" stroke="${COLOURS.black}" stroke-width="1.5"/>`);
  for (const name of ['upper', 'lower'] as const) {
    const path = pathThrough(
      points.map((point) => point[name]),
      plot,
      newSegment,
    );
    if (path) body.push(`<path class="ks-spc__${name}" d="${path}" fill="none" stroke="${COLOURS.darkGrey}" stroke-width="1.5" stroke-dasharray="6 4"/>`);
  }
  const target = pathThrough(
    points.map((point) => point.target),
    plot,
    newSegment,
  );
  if (target) body.push(`<path class="ks-spc__target" d="${target}" fill="none" stroke="${COLOURS.red}" stroke-width="2" stroke-dasharray="2 3"/>`);
  for (const { x, title, label, row, anchorEnd } of labels) {
    const baseline = 20 + EVENT_ROW * row;
    body.push(
      `<line class="ks-spc__event" x1="${x}" x2="${x}" y1="${baseline - 14}" y2="${bottom}" stroke="${COLOURS.purple}" stroke-width="1" stroke-dasharray="3 3"><title>${escapeXml(title)}</title></line>`,
      text(anchorEnd ? x - 4 : x + 4, baseline, label, anchorEnd ? ' text-anchor="end"' : '', COLOURS.purple, EVENT_SIZE),
    );
  }
  const line = pathThrough(
    points.map((point) => point.value),
    plot,
  );
  if (line) body.push(`<path d="${line}" fill="none" stroke="${COLOURS.darkGrey}" stroke-width="2"/>`);
  points.forEach((point, index) => {
    if (point.value === null) return;
    body.push(
      `<circle cx="${plot.x(index)}" cy="${plot.y(point.value)}" r="4" fill="${pointColour(point.special, chart.polarity)}"><title>${shortMonth(point.date)}: ${escapeXml(format(point.value))}${point.rules.length ? ` (special cause: ${point.rules.join(', ').replaceAll('_', ' ')})` : ''}</title></circle>`,
    );
  });
  return frame(chart.id, chart.title, chart.description, width, height, body);
}

/**
 * The forecast chart: children looked after at each month end — what happened (solid), the
 * baseline forecast (dashed) inside its prediction interval (shaded), and scenarios (dotted).
 */
const LIGHT_BLUE = '#d2e2f1';
const SCENARIO_COLOURS = [COLOURS.red, COLOURS.green, COLOURS.purple, COLOURS.orange, '#5694ca'];

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
  const all = [
    ...chart.history.map((point) => point.value),
    ...chart.forecast.flatMap((point) => [point.high, point.expected]),
    ...chart.scenarios.flatMap((scenario) => scenario.values),
  ];
  const { top, step } = niceScale(Math.max(0, ...all));
  const count = months.length;
  const x = (index: number) => round(margin.left + (count <= 1 ? plotWidth / 2 : (index * plotWidth) / (count - 1)));
  const y = (value: number) => round(margin.top + plotHeight - (Math.min(Math.max(value, 0), top) / top) * plotHeight);
  const offset = chart.history.length;
  const body: string[] = [];
  for (let tick = 0; tick <= top + step / 1000; tick += step) {
    body.push(
      `<line x1="${margin.left}" x2="${width - margin.right}" y1="${y(tick)}" y2="${y(tick)}" stroke="${COLOURS.grey}" stroke-width="1"/>`,
      `<text x="${margin.left - 8}" y="${y(tick) + 5}" text-anchor="end" font-size="14" fill="${COLOURS.black}">${escapeXml(format(round(tick)))}</text>`,
    );
  }
  if (chart.forecast.length) {
    const upper = chart.forecast.map((point, index) => `${x(offset + index)} ${y(point.high)}`);
    const lower = chart.forecast.map((point, index) => `${x(offset + index)} ${y(point.low)}`).reverse();
    const start = offset > 0 ? [`${x(offset - 1)} ${y(chart.history[offset - 1]!.value)}`] : [];
    body.push(
      `<path d="M${[...start, ...upper, ...lower].join(' L')} Z" fill="${LIGHT_BLUE}" stroke="none"><title>${escapeXml('Prediction interval')}</title></path>`,
    );
  }
  const labelEvery = Math.max(1, Math.ceil(count / 8));
  months.forEach((month, index) => {
    if ((count - 1 - index) % labelEvery !== 0) return;
    body.push(
      `<line x1="${x(index)}" x2="${x(index)}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight + 6}" stroke="${COLOURS.black}" stroke-width="1"/>`,
      `<text x="${x(index)}" y="${margin.top + plotHeight + 24}" text-anchor="middle" font-size="14" fill="${COLOURS.black}">${shortMonth(month)}</text>`,
    );
  });
  body.push(
    `<line x1="${margin.left}" x2="${width - margin.right}" y1="${margin.top + plotHeight}" y2="${margin.top + plotHeight}" stroke="${COLOURS.black}" stroke-width="2"/>`,
    `<text transform="translate(18 ${margin.top + plotHeight / 2}) rotate(-90)" text-anchor="middle" font-size="14" fill="${COLOURS.black}">${escapeXml(chart.yAxisLabel)}</text>`,
  );
  const line = (points: { index: number; value: number }[], colour: string, dash: string | null, label: string) => {
    if (!points.length) return;
    body.push(
      `<path d="${points.map((point, i) => `${i ? 'L' : 'M'}${x(point.index)} ${y(point.value)}`).join(' ')}" fill="none" stroke="${colour}" stroke-width="3"${dash ? ` stroke-dasharray="${dash}"` : ''}><title>${escapeXml(label)}</title></path>`,
    );
  };
  const join = offset > 0 ? [{ index: offset - 1, value: chart.history[offset - 1]!.value }] : [];
  line(
    chart.history.map((point, index) => ({ index, value: point.value })),
    COLOURS.black,
    null,
    'What happened',
  );
  line([...join, ...chart.forecast.map((point, index) => ({ index: offset + index, value: point.expected }))], COLOURS.blue, '8 4', 'Forecast');
  chart.scenarios.forEach((scenario, s) =>
    line(
      [...join, ...scenario.values.map((value, index) => ({ index: offset + index, value }))],
      SCENARIO_COLOURS[s % SCENARIO_COLOURS.length]!,
      '2 4',
      scenario.name,
    ),
  );
  // Key, below the axis.
  const key: { label: string; colour: string; dash: string | null; band?: boolean }[] = [
    { label: 'What happened', colour: COLOURS.black, dash: null },
    { label: 'Forecast', colour: COLOURS.blue, dash: '8 4' },
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
      `<text x="${keyX + 36}" y="${keyY + 3}" font-size="14" fill="${COLOURS.black}">${escapeXml(item.label.length > 24 ? `${item.label.slice(0, 23)}…` : item.label)}</text>`,
    );
  });
  const rows = Math.ceil(key.length / 3);
  const fullHeight = height + Math.max(0, rows - 2) * 22;
  return frame(chart.id, chart.title, chart.description, width, fullHeight, body);
}
