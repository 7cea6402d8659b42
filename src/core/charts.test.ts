/**
 * The chart module: well-formed images whose text stays on the image at any label length, percentage
 * axes within 0–100%, a hundred points, event labels at their lines, trajectories that rise as they do.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addMonths, monthEnd } from './dates.ts';
import { analyse } from '../indicators/spc.ts';
import { barChartSvg, escapeXml, FONT_SIZE, monthlyLineChartSvg, niceScale, spcChartSvg, textWidth, valueAxis, wrapText } from './charts.ts';

/** Checks that every tag is closed in order and that no text holds a bare `<` or `&`. */
function expectWellFormed(svg: string) {
  const open: string[] = [];
  for (const [, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    if (selfClosing) continue;
    if (closing) expect(open.pop()).toBe(name);
    else open.push(name!);
  }
  expect(open).toEqual([]);
  expect(svg.replace(/<[^>]*>/g, '')).not.toMatch(/<|&(?!#\d+;|amp;|lt;|gt;|quot;)/);
  expect(svg).not.toContain('style=');
}

const unescape = (text: string) => text.replace(/&#(\d+);/g, (_, code: string) => String.fromCharCode(Number(code)));
const viewBox = (svg: string) => {
  const [, width, height] = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(svg)!;
  return { width: Number(width), height: Number(height) };
};

/** Every line of text drawn (tspans separately; titles, which are tooltips, left out) with its estimated extent. */
function textsOf(svg: string) {
  const drawn = svg.replace(/<title[^>]*>[^<]*<\/title>/g, '');
  const texts: { text: string; left: number; right: number; y: number; size: number }[] = [];
  for (const match of drawn.matchAll(/<text ([^>]*)>(.*?)<\/text>/g)) {
    const attributes = match[1]!;
    const size = Number(/font-size="([\d.]+)"/.exec(attributes)![1]);
    const anchor = /text-anchor="(\w+)"/.exec(attributes)?.[1] ?? 'start';
    const spans = [...match[2]!.matchAll(/<tspan x="([\d.]+)" y="([\d.]+)">([^<]*)<\/tspan>/g)].map((span) => ({
      x: Number(span[1]),
      y: Number(span[2]),
      text: span[3]!,
    }));
    const lines = spans.length
      ? spans
      : attributes.includes('transform')
        ? []
        : [{ x: Number(/x="([\d.-]+)"/.exec(attributes)![1]), y: Number(/y="([\d.-]+)"/.exec(attributes)![1]), text: match[2]! }];
    for (const line of lines) {
      const text = unescape(line.text);
      const width = textWidth(text, size);
      const left = anchor === 'end' ? line.x - width : anchor === 'middle' ? line.x - width / 2 : line.x;
      texts.push({ text, left, right: left + width, y: line.y, size });
    }
  }
  return texts;
}

function expectTextOnTheImage(svg: string) {
  const { width, height } = viewBox(svg);
  for (const text of textsOf(svg)) {
    expect(text.left, text.text).toBeGreaterThanOrEqual(0);
    expect(text.right, text.text).toBeLessThanOrEqual(width);
    expect(text.y, text.text).toBeLessThanOrEqual(height);
    expect(text.y - text.size, text.text).toBeGreaterThanOrEqual(0);
    // Readable in print: 14 units in a chart at most 760 wide is 9 pt or more across an A4 page's text width.
    expect(text.size, text.text).toBeGreaterThanOrEqual(FONT_SIZE);
  }
  expect(width).toBeLessThanOrEqual(760);
}

const monthEnds = (count: number, from = '2018-01-31') => Array.from({ length: count }, (_, index) => monthEnd(addMonths(from, index)));

describe('monthly line chart', () => {
  const points = [
    { monthEnd: '2024-01-31', value: 19.1 },
    { monthEnd: '2024-02-29', value: null },
    { monthEnd: '2024-03-31', value: 15.7 },
    { monthEnd: '2026-10-31', value: 22 },
  ];
  const svg = monthlyLineChartSvg({
    id: 'chart-average',
    title: 'Average caseload <all teams> & more',
    description: 'Line chart of the average caseload.',
    points,
    yAxisLabel: 'Average caseload',
    referenceLine: { value: 20, label: 'Threshold: 20' },
  });

  it('is a well-formed, labelled image with all its text on it', () => {
    expectWellFormed(svg);
    expect(svg).toMatch(
      /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="ks-chart" id="chart-average" role="img" viewBox="0 0 720 340" aria-labelledby="chart-average-title chart-average-desc">/,
    );
    expect(svg).toContain('<title id="chart-average-title">Average caseload &#60;all teams&#62; &#38; more</title>');
    expect(svg).toContain('>Average caseload</text>');
    expect(svg).toContain('>Month end</text>');
    expectTextOnTheImage(svg);
    // The last month's label, at the plot's right end, is pulled inside the image rather than clipped.
    expect(textsOf(svg).find((text) => text.text === 'Oct 2026')!.right).toBeLessThanOrEqual(720);
  });

  it('plots each month with a value and leaves a gap for a month without', () => {
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('<title>Jan 2024: 19.1</title>');
    expect(svg).not.toContain('Feb 2024:');
    expect(/<path d="M[\d.]+ [\d.]+ M[\d.]+ [\d.]+ L[\d.]+ [\d.]+"/.test(svg)).toBe(true);
  });

  it('draws the threshold line and a scale that reaches above it', () => {
    expect(svg).toContain('class="ks-chart__reference"');
    expect(svg).toContain('>Threshold: 20</text>');
    expect(svg).toContain('>25</text>');
    expect(svg).not.toContain('>30</text>');
  });

  it('draws a trajectory as it rises, month by month, labelled without long decimals', () => {
    const dates = monthEnds(12, '2025-11-30');
    const trajectory = dates.map((_, index) => Math.round((61 + (index * 28.150685) / 11) * 10) / 10);
    const chart = monthlyLineChartSvg({
      id: 't',
      title: 't',
      description: 'd',
      points: dates.map((date, index) => ({ monthEnd: date, value: index % 3 ? 60 + index : null })),
      yAxisLabel: 'Good or better',
      format: (value) => `${value}%`,
      percent: true,
      trajectory: { label: 'Trajectory', values: trajectory },
    });
    const [, path] = /class="ks-chart__trajectory" d="([^"]+)"/.exec(chart)!;
    const ys = [...path!.matchAll(/[ML][\d.]+ ([\d.]+)/g)].map((match) => Number(match[1]));
    expect(ys).toHaveLength(12);
    // Higher values are higher up the image: each month's y is above (smaller than) the one before.
    ys.slice(1).forEach((y, index) => expect(y).toBeLessThan(ys[index]!));
    expect(chart).toContain('>Trajectory</text>');
    expect(chart).not.toMatch(/\d\.\d{2,}%/);
    expectTextOnTheImage(chart);
  });

  it('labels a hundred months sparsely and without overlap, always including the last', () => {
    const dates = monthEnds(100);
    const long = monthlyLineChartSvg({
      id: 'c',
      title: 't',
      description: 'd',
      points: dates.map((date, index) => ({ monthEnd: date, value: index })),
      yAxisLabel: 'y',
      format: (value) => `${value}%`,
      percent: true,
    });
    expectWellFormed(long);
    expectTextOnTheImage(long);
    const labels = textsOf(long).filter((text) => /^[A-Z][a-z]{2} \d{4}$/.test(text.text));
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels.at(-1)!.text).toBe('Apr 2026');
    labels.slice(1).forEach((label, index) => expect(label.left).toBeGreaterThan(labels[index]!.right));
    expect(long.match(/<circle /g)).toHaveLength(100);
  });

  it('keeps a percentage axis within 0–100%, whatever the values', () => {
    const chart = monthlyLineChartSvg({
      id: 'p',
      title: 't',
      description: 'd',
      points: monthEnds(6).map((date, index) => ({ monthEnd: date, value: [97, 100, 99, 98, 100, 96][index]! })),
      yAxisLabel: 'Per cent',
      format: (value) => `${value}%`,
      percent: true,
      referenceLine: { value: 95, label: 'Target: 95%' },
    });
    const ticks = textsOf(chart)
      .filter((text) => /^-?[\d.]+%$/.test(text.text))
      .map((text) => Number(text.text.slice(0, -1)));
    expect(Math.max(...ticks)).toBe(100);
    expect(Math.min(...ticks)).toBe(0);
  });

  it('copes with no values at all', () => {
    const empty = monthlyLineChartSvg({ id: 'e', title: 't', description: 'd', points: [{ monthEnd: '2024-01-31', value: null }], yAxisLabel: 'y' });
    expectWellFormed(empty);
    expect(empty).not.toContain('<circle');
  });
});

describe('bar chart', () => {
  it('writes long labels whole, wrapping them, so two teams never read the same', () => {
    const svg = barChartSvg({
      id: 'teams',
      title: 'By team',
      description: 'd',
      bars: [
        { label: 'Children in Care North', value: 40, text: '40' },
        { label: 'Children in Care South', value: 35, text: '35' },
        { label: 'Hollowmere Family Safeguarding and Edge of Care Team (pilot, 2024 onwards)', value: 12, text: '12 (0.5%)' },
        { label: 'MASH', value: 0, text: '0' },
      ],
    });
    expectWellFormed(svg);
    expectTextOnTheImage(svg);
    const labelTexts = [...svg.matchAll(/<text [^>]*text-anchor="end"[^>]*>(.*?)<\/text>/g)].map((match) =>
      unescape(
        match[1]!
          .replace(/<title>.*?<\/title>/g, '')
          .replace(/<[^>]+>/g, ' ')
          .replace(/\s+/g, ' ')
          .trim(),
      ),
    );
    expect(labelTexts.slice(0, 2)).toEqual(['Children in Care North', 'Children in Care South']);
    expect(svg.match(/<rect /g)).toHaveLength(4);
    // Bars in proportion: 40 is the longest, 0 has no length.
    const widths = [...svg.matchAll(/<rect [^>]*width="([\d.]+)"/g)].map((match) => Number(match[1]));
    expect(widths[0]).toBe(Math.max(...widths));
    expect(widths[3]).toBe(0);
  });

  it('makes the highlighted bars red', () => {
    const svg = barChartSvg({ id: 'b', title: 't', description: 'd', bars: [{ label: 'Over 25', value: 3, text: '3', highlight: true }] });
    expect(svg).toContain('fill="#d4351c"');
  });
});

describe('SPC chart', () => {
  const dates = monthEnds(24, '2024-01-31');
  const spc = analyse({ points: dates.map((date, index) => ({ date, value: 50 + (index % 3) })), polarity: 'higher_better', target: null });
  const chart = (events: { date: string; title: string }[]) =>
    spcChartSvg({ id: 'c', title: 'T', description: 'D', spc, polarity: 'higher_better', yAxisLabel: 'Per cent', events });
  const events = (svg: string) => {
    const lines = [...svg.matchAll(/class="ks-spc__event" x1="([\d.]+)"/g)].map((match) => Number(match[1]));
    const labels = [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"( text-anchor="end")? font-size="14" fill="#4c2c92">([^<]*)</g)].map((m) => ({
      x: Number(m[1]),
      y: Number(m[2]),
      end: !!m[3],
      title: unescape(m[4]!),
    }));
    return { lines, labels };
  };

  it('puts each event label beside its line, the line at the event’s date', () => {
    const svg = chart([
      { date: '2024-03-31', title: 'MASH opened' },
      { date: '2025-06-15', title: 'New IT' },
    ]);
    const { lines, labels } = events(svg);
    expect(labels.map(({ y, title }) => [y, title])).toEqual([
      [20, 'MASH opened'],
      [20, 'New IT'],
    ]);
    labels.forEach((label, index) => expect(label.x).toBeCloseTo(lines[index]! + 4, 1));
    // 15 June is between the May and June month ends.
    const x = (month: string) => Number(new RegExp(`<circle cx="([\\d.]+)"[^>]*><title>${month} 2025`).exec(svg)![1]);
    expect(lines[1]).toBeGreaterThan(x('May'));
    expect(lines[1]).toBeLessThan(x('Jun'));
    expectTextOnTheImage(svg);
  });

  it('leaves out an event outside the months shown', () => {
    expect(
      events(
        chart([
          { date: '2019-01-01', title: 'Long ago' },
          { date: '2027-01-01', title: 'Later' },
        ]),
      ).labels,
    ).toEqual([]);
  });

  it('moves a label that would overlap the one before onto a row below, and makes the chart taller for it', () => {
    const svg = chart([
      { date: '2024-03-31', title: 'Reorganisation of the district teams' },
      { date: '2024-05-31', title: 'MASH opened' },
    ]);
    expect(events(svg).labels.map(({ y, title }) => [y, title])).toEqual([
      [20, 'Reorganisation of the district teams'],
      [38, 'MASH opened'],
    ]);
    expect(svg).toContain('viewBox="0 0 760 398"');
    expectTextOnTheImage(svg);
  });

  it('writes a label near the right edge before its line, and shortens one too long for either side, keeping it whole in the tooltip', () => {
    const [label] = events(chart([{ date: '2025-11-30', title: 'Team closed to new cases (staffing)' }])).labels;
    expect(label!.end).toBe(true);
    const long = 'Hollowmere Family Safeguarding Team closed to new cases (staffing) for the whole of the winter';
    const svg = chart([{ date: '2025-01-31', title: long }]);
    expect(events(svg).labels[0]!.title.endsWith('…')).toBe(true);
    expect(svg).toContain(`<title>${long}</title>`);
    expectTextOnTheImage(svg);
  });

  it('keeps a percentage axis within 0–100% when the process limits run past it', () => {
    const wide = analyse({ points: dates.map((date, index) => ({ date, value: index % 2 ? 99 : 30 })), polarity: 'higher_better', target: 90 });
    expect(Math.max(...wide.points.map((point) => point.upper ?? 0))).toBeGreaterThan(100);
    const svg = spcChartSvg({
      id: 'w',
      title: 'T',
      description: 'D',
      spc: wide,
      polarity: 'higher_better',
      yAxisLabel: 'Per cent',
      format: (value) => `${value}%`,
      percent: true,
    });
    const ticks = textsOf(svg)
      .filter((text) => /^-?[\d.]+%$/.test(text.text))
      .map((text) => Number(text.text.slice(0, -1)));
    expect([Math.min(...ticks), Math.max(...ticks)]).toEqual([0, 100]);
    expectTextOnTheImage(svg);
  });

  it('draws a hundred points with their month labels on the image', () => {
    const many = analyse({ points: monthEnds(100).map((date, index) => ({ date, value: 10 + (index % 7) })), polarity: 'lower_better', target: null });
    const svg = spcChartSvg({ id: 'h', title: 'T', description: 'D', spc: many, polarity: 'lower_better', yAxisLabel: 'Number' });
    expect(svg.match(/<circle /g)).toHaveLength(100);
    expectWellFormed(svg);
    expectTextOnTheImage(svg);
  });
});

describe('charts in print', () => {
  it('prints the committee report’s chart text at 9 pt or more', () => {
    const css = readFileSync(new URL('../reports/views/reports.css', import.meta.url), 'utf8');
    const print = css.slice(css.indexOf('@media print'));
    const [, width, height] = /\.ks-report__chart \.ks-chart \{\s*max-width: ([\d.]+)cm;\s*max-height: ([\d.]+)cm;\s*\}/.exec(print)!;
    // The SPC chart is 760 units wide and at most 380 + a few event rows high; its scale is set by whichever limit binds.
    const scale = Math.min(Number(width) / 760, Number(height) / 398);
    const points = FONT_SIZE * scale * (72 / 2.54);
    expect(points).toBeGreaterThanOrEqual(9);
  });
});

describe('chart helpers', () => {
  it('rounds axes up to a nice number, a percentage axis no further than 100', () => {
    expect(niceScale(22)).toEqual({ top: 25, step: 5 });
    expect(niceScale(0)).toEqual({ top: 5, step: 1 });
    expect(niceScale(830)).toEqual({ top: 1000, step: 200 });
    expect(valueAxis([12, 140], true)).toEqual({ low: 0, top: 100, step: 20 });
    expect(valueAxis([-5, 40], true)).toEqual({ low: 0, top: 40, step: 10 });
    expect(valueAxis([-5, 40])).toEqual({ low: -5, top: 45, step: 10 });
  });

  it('wraps a label at spaces, shortening only what two lines cannot hold', () => {
    expect(wrapText('Children in Care North', 120, 16)).toEqual(['Children in', 'Care North']);
    const lines = wrapText('A very long team name that will not fit on two short lines at all', 100, 16);
    expect(lines).toHaveLength(2);
    expect(lines[1]!.endsWith('…')).toBe(true);
    lines.forEach((line) => expect(textWidth(line, 16)).toBeLessThanOrEqual(100));
  });

  it('escapes text for XML', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;Tom &#38; Jerry&#39;s&#60;/a&#62;');
  });
});
