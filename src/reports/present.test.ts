/** An indicator as a committee report shows it: the comparators' rows. */
import { describe, expect, it } from 'vitest';
import { benchmarksFor } from '../indicators/benchmarks/index.ts';
import { indicatorFigures, type IndicatorFigures } from './figures.ts';
import { indicatorView, reportView } from './present.ts';
import type { ReportDocument } from './document.ts';
import { handMade } from '../../test/support/reports.ts';

const reportOf = (figures: IndicatorFigures): ReportDocument => ({
  templateId: 'custom',
  title: 'Performance report',
  purpose: '',
  period: 'September 2025',
  figures: { asOf: figures.asOf, councilName: null, computedAt: '2025-10-01T09:00:00.000Z', indicators: [figures] },
  commentary: {},
  summary: { risks: [], improvements: [], rules: '' },
  sections: [],
  status: { kind: 'generated' },
});
const comparatorRows = (figures: IndicatorFigures) =>
  indicatorView(figures, 0, reportOf(figures)).rows.filter(
    (row) => ['England', 'Region', 'Statistical neighbours'].includes(row.key) || row.key.startsWith('Comparator'),
  );

describe('a committee report’s comparators', () => {
  const months: [number, number][] = Array.from({ length: 12 }, () => [20, 100]);

  it('read beside their names without repeating them, the region named', () => {
    // Durham (840): re-referrals, England 22.6 (2025), the North East's published 20.7, the neighbours' mean 19.2.
    const figures = indicatorFigures(handMade('demand.re_referrals_pct', months, { benchmarks: benchmarksFor('demand.re_referrals_pct', '840') }), null);
    expect(comparatorRows(figures)).toEqual([
      { key: 'England', value: '22.6%: published figure, 2025' },
      { key: 'Region', value: '20.7%: North East, DfE published regional figure, 2025' },
      { key: 'Statistical neighbours', value: '19.2%: mean of 10 of 10 councils’ published values, 2025' },
    ]);
    const none = indicatorFigures(
      handMade('timeliness.assessments_45wd_pct', months, { benchmarks: benchmarksFor('timeliness.assessments_45wd_pct', '840') }),
      null,
    );
    expect(comparatorRows(none).slice(1)).toEqual([
      { key: 'Region', value: 'Not available for North East: Keystone holds no published figure for this measure' },
      { key: 'Statistical neighbours', value: 'Not available: Keystone holds no published figure for this measure' },
    ]);
  });

  it('name the councils chosen in the settings as the row’s key', () => {
    const chosen = benchmarksFor('demand.re_referrals_pct', { laCode: '840', regionCode: null, neighbours: ['841', '805'] });
    const figures = indicatorFigures(handMade('demand.re_referrals_pct', months, { benchmarks: chosen }), null);
    expect(comparatorRows(figures).at(-1)).toEqual({
      key: 'Comparator councils chosen in the settings',
      value: expect.stringMatching(/^[\d.]+%: mean of 2 of 2 councils’ published values, 2025$/),
    });
  });
});

describe('a committee report’s moments', () => {
  it('are dated on the clock in England: 23:30 UTC on 14 July 2026 is 00:30 BST on 15 July', () => {
    const figures = indicatorFigures(
      handMade(
        'demand.re_referrals_pct',
        Array.from({ length: 12 }, () => [20, 100]),
      ),
      null,
    );
    const document: ReportDocument = {
      ...reportOf(figures),
      figures: { ...reportOf(figures).figures, computedAt: '2026-07-14T23:30:00.000Z' },
      status: { kind: 'published', reportId: 1, version: 2, publishedAt: '2026-07-14 23:30:00+00', publishedBy: 'director' },
    };
    const view = reportView(document);
    expect(view.computedText).toBe('15 July 2026');
    expect(view.status).toBe('Version 2, published on 15 July 2026 by director. The figures are frozen as published.');
  });
});
