/**
 * Member-safe by construction: no count of 1 to 5 is published, none can be recovered from the
 * totals, rates follow their counts, and the chart's limits cannot give a suppressed month back.
 */
import { describe, expect, it } from 'vitest';
import { constraints, recoverableCells, type Published } from '../core/outputs/suppression.ts';
import { indicatorFigures, publishedPoint, type IndicatorFigures } from './figures.ts';
import { indicatorView } from './present.ts';
import type { ReportDocument } from './document.ts';
import { handMade, teams } from '../../test/support/reports.ts';

const small = (value: Published | null) => typeof value === 'number' && value >= 1 && value <= 5;

/** Every count the figures publish, and whether any suppressed cell of the team table can be worked out. */
function check(figures: IndicatorFigures) {
  const problems: string[] = [];
  for (const value of [figures.numerator, figures.denominator]) if (small(value)) problems.push(`headline count ${value}`);
  if (figures.unit === 'count' && small(figures.value)) problems.push(`headline value ${figures.value}`);
  if (figures.teams) {
    const rows = [...figures.teams.rows, figures.teams.total];
    const columns = figures.teams.total.denominator === null ? 1 : 2;
    const cells = rows.map((row) => (columns === 1 ? [row.numerator] : [row.numerator, row.denominator!]));
    for (const row of cells) for (const cell of row) if (small(cell)) problems.push(`team count ${cell}`);
    const recoverable = recoverableCells(
      cells.map((row) => row.map((cell) => cell === 'c')),
      constraints(rows.length, columns, { columnTotals: true }),
    );
    if (recoverable.length) problems.push(`recoverable cells ${JSON.stringify(recoverable)}`);
    for (const row of rows)
      if (typeof row.value === 'number' && (row.numerator === 'c' || row.denominator === 'c'))
        problems.push(`rate of ${row.label} published beside a suppressed count`);
    if (figures.teams.total.numerator !== figures.numerator) problems.push('headline is not the table total');
  }
  if (figures.chart.at(-1)!.value !== figures.value) problems.push('chart shows the as-of month differently');
  return problems;
}

describe('member-safe figures', () => {
  it('publishes a rate with nothing to count as z (not applicable), and one the data cannot give as x (not available)', () => {
    // Care leavers in suitable accommodation on one 2017-18 SSDA903 return: no care leaver aged 19 to 21.
    expect(publishedPoint('%', { value: null, numerator: 0, denominator: 0 })).toBe('z');
    expect(publishedPoint('%', { value: null, numerator: null, denominator: null })).toBe('x');
    expect(publishedPoint('per 10,000', { value: null, numerator: 1201, denominator: null })).toBe('x');
    expect(publishedPoint('count', { value: null, numerator: null, denominator: null })).toBe('x');
  });

  it('gives a figure that is not available or has nothing to count no verdict, rather than “too few points”', () => {
    const figures = indicatorFigures(handMade('timeliness.assessments_45wd_pct', [[40, 50]]), null);
    const document = { commentary: {} } as unknown as ReportDocument;
    const spcRows = (value: IndicatorFigures['value']) => {
      const view = indicatorView({ ...figures, value, variation: 'insufficient_data', assurance: 'insufficient_data' }, 0, document);
      return [view.glance.variation, ...view.rows.filter((row) => row.key.endsWith('(SPC)')).map((row) => row.value)];
    };
    expect(spcRows('x')).toEqual(['No verdict: no data', 'No verdict: no data', 'No verdict: no data']);
    expect(spcRows('z')).toEqual(['No verdict: nothing to count', 'No verdict: nothing to count', 'No verdict: nothing to count']);
    expect(spcRows(80)).toEqual(['Too few points', 'Too few points', 'Too few points']);
  });

  it('suppresses a small team count and the cell that would give it back, and the rates that rest on them', () => {
    const result = handMade(
      'timeliness.assessments_45wd_pct',
      [
        [40, 50],
        [41, 50],
        [42, 50],
        [43, 55],
      ],
      { target: 90 },
    );
    const figures = indicatorFigures(
      result,
      teams([
        ['A', 3, 4],
        ['B', 20, 25],
        ['C', 20, 26],
      ]),
    );
    // A: 3 of 4 are both small. In each column A can be worked out from the total, so the smallest other team's count goes too.
    expect(figures.teams!.rows.map((row) => [row.label, row.numerator, row.denominator, row.value])).toEqual([
      ['A', 'c', 'c', 'c'],
      ['B', 'c', 'c', 'c'],
      ['C', 20, 26, 76.9],
    ]);
    expect(figures.teams!.total).toMatchObject({ numerator: 43, denominator: 55, value: 78.2 });
    expect(figures.value).toBe(78.2);
    expect(check(figures)).toEqual([]);
  });

  it('suppresses the council figure itself when it is small, everywhere it appears', () => {
    const figures = indicatorFigures(
      handMade('timeliness.cla_reviews_overdue', [
        [9, null],
        [7, null],
        [4, null],
      ]),
      teams([
        ['A', 4, null],
        ['B', 0, null],
      ]),
    );
    expect(figures.value).toBe('c');
    expect(figures.numerator).toBe('c');
    expect(figures.teams!.rows.map((row) => row.numerator)).toEqual(['c', 0]);
    expect(figures.chart.map((point) => point.value)).toEqual([9, 7, 'c']);
    expect(check(figures)).toEqual([]);
  });

  it('withholds the SPC mean and limits when any month is suppressed, and keeps the verdicts', () => {
    const figures = indicatorFigures(
      handMade('demand.referrals', [
        [30, null],
        [2, null],
        [31, null],
        [29, null],
      ]),
      null,
    );
    expect(figures.chart.map((point) => point.value)).toEqual([30, 'c', 31, 29]);
    expect(figures.limitsWithheld).toBe(true);
    expect(figures.chart.every((point) => point.mean === null && point.upper === null && point.lower === null)).toBe(true);
    expect(figures.variation).toBe('common_cause');
    const clean = indicatorFigures(
      handMade('demand.referrals', [
        [30, null],
        [28, null],
        [31, null],
        [29, null],
      ]),
      null,
    );
    expect(clean.limitsWithheld).toBe(false);
    expect(clean.chart[0]!.mean).toBe(29.5);
  });

  it('leaves no recoverable small number in any of 300 generated team tables', () => {
    let seed = 20250930;
    const random = (below: number) => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % below;
    };
    for (let table = 0; table < 300; table++) {
      const rows = teams(
        Array.from({ length: 2 + random(5) }, (_, index) => {
          const denominator = random(3) === 0 ? random(7) : random(40);
          return [`Team ${index + 1}`, random(denominator + 1), denominator] as [string, number, number];
        }),
      );
      const numerator = rows.reduce((sum, row) => sum + row.numerator, 0);
      const denominator = rows.reduce((sum, row) => sum + (row.denominator ?? 0), 0);
      const counted = indicatorFigures(
        handMade('timeliness.cp_visits_pct', [
          [20, 40],
          [numerator, denominator],
        ]),
        rows,
      );
      const count = indicatorFigures(
        handMade('demand.cp_plans', [
          [20, null],
          [numerator, null],
        ]),
        rows.map((row) => ({ ...row, denominator: null, value: row.numerator })),
      );
      expect(check(counted), JSON.stringify(rows)).toEqual([]);
      expect(check(count), JSON.stringify(rows)).toEqual([]);
    }
  });
});
