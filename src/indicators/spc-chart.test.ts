/** Event labels on the SPC chart: labels that would overlap go on rows of their own; none runs off the chart. */
import { describe, expect, it } from 'vitest';
import { addMonths, monthEnd } from '../core/dates.ts';
import { analyse } from './spc.ts';
import { spcChartSvg } from './spc-chart.ts';

const dates = Array.from({ length: 24 }, (_, index) => monthEnd(addMonths('2024-01-31', index)));
const spc = analyse({ points: dates.map((date, index) => ({ date, value: 50 + (index % 3) })), polarity: 'higher_better', target: null });
const chart = (events: { date: string; title: string }[]) => spcChartSvg({ id: 'c', title: 'T', description: 'D', spc, polarity: 'higher_better', yAxisLabel: 'Per cent', events });
const labels = (svg: string) => [...svg.matchAll(/<text x="([\d.]+)" y="([\d.]+)"( text-anchor="end")? font-size="13"[^>]*>([^<]*)</g)].map((m) => ({ x: Number(m[1]), y: Number(m[2]), end: !!m[3], title: m[4] ?? '' }));

describe('events on the SPC chart', () => {
  it('puts one label per event beside its line on the top row when there is room', () => {
    const svg = chart([{ date: '2024-03-31', title: 'MASH opened' }, { date: '2025-06-30', title: 'New IT' }]);
    expect(labels(svg).map(({ y, title }) => [y, title])).toEqual([[20, 'MASH opened'], [20, 'New IT']]);
    expect(svg).toContain('viewBox="0 0 760 380"');
  });

  it('moves a label that would overlap the one before onto a row below, and makes the chart taller for it', () => {
    const svg = chart([{ date: '2024-03-31', title: 'Reorganisation of the district teams' }, { date: '2024-05-31', title: 'MASH opened' }]);
    expect(labels(svg).map(({ y, title }) => [y, title])).toEqual([[20, 'Reorganisation of the district teams'], [36, 'MASH opened']]);
    expect(svg).toContain('viewBox="0 0 760 396"');
  });

  it('writes a label near the right edge before its line, so it stays on the chart', () => {
    const [label] = labels(chart([{ date: '2025-11-30', title: 'Team closed to new cases (staffing)' }]));
    expect(label!.end).toBe(true);
    expect(label!.x - 'Team closed to new cases (staffing)'.length * 7).toBeGreaterThan(0);
  });

  it('shortens a label too long for either side of its line to the room on the right, keeping the whole title on the line', () => {
    const long = 'Hollowmere Family Safeguarding Team closed to new cases (staffing)';
    const svg = chart([{ date: '2025-01-31', title: long }]);
    const [label] = labels(svg);
    expect(label!.title.endsWith('…')).toBe(true);
    expect(label!.x + label!.title.length * 7).toBeLessThanOrEqual(760);
    expect(svg).toContain(`<title>${long}</title>`);
  });
});
