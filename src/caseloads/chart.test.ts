import { describe, expect, it } from 'vitest';
import { barChartSvg, escapeXml, monthlyLineChartSvg, niceScale } from './chart.ts';

/** Checks that every tag is closed in order and that no text holds a bare `<` or `&`. */
function expectWellFormed(svg: string) {
  const open: string[] = [];
  for (const [tag, closing, name, selfClosing] of svg.matchAll(/<(\/?)([a-zA-Z]+)\b[^>]*?(\/?)>/g)) {
    void tag;
    if (selfClosing) continue;
    if (closing) expect(open.pop()).toBe(name);
    else open.push(name!);
  }
  expect(open).toEqual([]);
  const text = svg.replace(/<[^>]*>/g, '');
  expect(text).not.toMatch(/<|&(?!#\d+;|amp;|lt;|gt;|quot;)/);
}

const points = [
  { monthEnd: '2024-01-31', value: 19.1 },
  { monthEnd: '2024-02-29', value: null },
  { monthEnd: '2024-03-31', value: 15.7 },
  { monthEnd: '2024-04-30', value: 22 },
];

describe('monthly line chart', () => {
  const svg = monthlyLineChartSvg({
    id: 'chart-average',
    title: 'Average caseload <all teams> & more',
    description: 'Line chart of the average caseload.',
    points,
    yAxisLabel: 'Average caseload',
    referenceLine: { value: 20, label: 'Threshold: 20' },
  });

  it('is a well-formed, labelled image', () => {
    expectWellFormed(svg);
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="ks-chart" id="chart-average" role="img" viewBox="0 0 720 340" aria-labelledby="chart-average-title chart-average-desc">/);
    expect(svg).toContain('<title id="chart-average-title">Average caseload &#60;all teams&#62; &#38; more</title>');
    expect(svg).toContain('<desc id="chart-average-desc">Line chart of the average caseload.</desc>');
    expect(svg).toContain('>Average caseload</text>');
    expect(svg).toContain('>Month end</text>');
    expect(svg).not.toContain('style=');
  });

  it('plots each month with a value and leaves a gap for a month without', () => {
    // Plot from x=64 to x=680 over 4 points; y from 20 (top = 25) to 276 (0).
    expect(svg).toContain('<circle cx="64" cy="80.4" r="3.5" fill="#1d70b8"><title>Jan 2024: 19.1</title></circle>');
    expect(svg).toContain('<title>Mar 2024: 15.7</title>');
    expect(svg).toContain('<title>Apr 2024: 22</title>');
    expect(svg).not.toContain('Feb 2024:');
    expect(svg.match(/<circle /g)).toHaveLength(3);
    expect(svg).toContain('<path d="M64 80.4 M474.7 115.2 L680 50.7"');
  });

  it('draws the threshold line and a scale that reaches above it', () => {
    expect(svg).toContain('class="ks-chart__reference" x1="64" x2="680" y1="71.2" y2="71.2" stroke="#d4351c"');
    expect(svg).toContain('>Threshold: 20</text>');
    expect(svg).toContain('>25</text>');
    expect(svg).not.toContain('>30</text>');
  });

  it('labels a long run of months sparsely, always including the last', () => {
    const long = monthlyLineChartSvg({
      id: 'c',
      title: 't',
      description: 'd',
      points: Array.from({ length: 72 }, (_, index) => ({ monthEnd: `${2018 + Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-28`, value: index })),
      yAxisLabel: 'y',
      format: (value) => `${value}%`,
    });
    expectWellFormed(long);
    const labels = [...long.matchAll(/text-anchor="middle" font-size="14" fill="#0b0c0c">([A-Z][a-z]{2} \d{4})</g)].map((match) => match[1]);
    expect(labels.length).toBeLessThanOrEqual(8);
    expect(labels.at(-1)).toBe('Dec 2023');
    expect(long).toContain('<title>Dec 2023: 71%</title>');
    expect(long.match(/<circle /g)).toHaveLength(72);
  });

  it('copes with no values at all', () => {
    const empty = monthlyLineChartSvg({ id: 'e', title: 't', description: 'd', points: [{ monthEnd: '2024-01-31', value: null }], yAxisLabel: 'y' });
    expectWellFormed(empty);
    expect(empty).not.toContain('<path');
  });
});

describe('bar chart', () => {
  it('draws one labelled bar per band, longest for the largest value', () => {
    const svg = barChartSvg({
      id: 'bands',
      title: 'Workers by caseload',
      description: 'Bar chart.',
      bars: [
        { label: '0 to 20', value: 5, text: '5 (50.0%)' },
        { label: 'More than 30', value: 1, text: '1 (10.0%)', highlight: true },
      ],
    });
    expectWellFormed(svg);
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<rect x="130" y="12" width="250" height="28" fill="#1d70b8"/>');
    expect(svg).toContain('<rect x="130" y="52" width="50" height="28" fill="#d4351c"/>');
    expect(svg).toContain('>5 (50.0%)</text>');
    expect(svg).toContain('>More than 30</text>');
  });
});

describe('chart helpers', () => {
  it('rounds axes up to a nice number', () => {
    expect(niceScale(22)).toEqual({ top: 25, step: 5 });
    expect(niceScale(62.5)).toEqual({ top: 80, step: 20 });
    expect(niceScale(0)).toEqual({ top: 5, step: 1 });
  });

  it('escapes text for XML', () => {
    expect(escapeXml(`<a href="x">Tom & Jerry's</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;Tom &#38; Jerry&#39;s&#60;/a&#62;');
  });
});
