import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/index.ts';
import { councilsFromLookup } from './build-neighbours.ts';
import { benchmarksFor, benchmarksFrom, comparatorText, ENGLAND, LOCAL_AUTHORITY_VALUES, NEIGHBOURS, REGION_VALUES } from './index.ts';

const LOOKUP = '/work/shared/fixtures/ofsted/la_lookup.csv';
const ENGLISH_REGIONS = ['E12000001', 'E12000002', 'E12000003', 'E12000004', 'E12000005', 'E12000006', 'E12000007', 'E12000008', 'E12000009'];

describe('benchmark data files', () => {
  it('give England values only for indicators in the catalogue, each with a source and year', () => {
    const ids = new Set(CATALOGUE.map((indicator) => indicator.id));
    for (const entry of ENGLAND.values) {
      expect(ids.has(entry.indicator), entry.indicator).toBe(true);
      expect(entry.source.length).toBeGreaterThan(10);
      expect(entry.year).not.toBe('');
    }
    expect(benchmarksFor('timeliness.assessments_45wd_pct', null).england).toMatchObject({ value: 85.7, label: 'England, 2025' });
    expect(benchmarksFor('demand.re_referrals_pct', null).england).toMatchObject({ value: 22.6, label: 'England, 2025' });
  });

  it('ship 10 statistical neighbours (none for the councils since reorganised) and a region for every council', () => {
    const councils = Object.entries(NEIGHBOURS.councils);
    expect(councils.filter(([, council]) => council.neighbours.length === 10).length).toBeGreaterThanOrEqual(150);
    for (const [code, council] of councils) {
      expect([0, 10], code).toContain(council.neighbours.length);
      expect(ENGLISH_REGIONS, code).toContain(council.region_code);
    }
    // Durham (840): the first neighbour is Redcar and Cleveland (876).
    expect(NEIGHBOURS.councils['840']).toMatchObject({ name: 'Durham', region_name: 'North East' });
    expect(NEIGHBOURS.councils['840']!.neighbours[0]).toBe('876');
    // The lookup's rgn22cd says East Midlands and Yorkshire for these two; their region names (and DfE) say otherwise.
    expect(NEIGHBOURS.councils['825']).toMatchObject({ name: 'Buckinghamshire', region_code: 'E12000008', region_name: 'South East' });
    expect(NEIGHBOURS.councils['916']).toMatchObject({ name: 'Gloucestershire', region_code: 'E12000009', region_name: 'South West' });
  });

  it.runIf(existsSync(LOOKUP))('match the published lookup they were built from', () => {
    expect(councilsFromLookup(readFileSync(LOOKUP, 'utf8'))).toEqual(NEIGHBOURS.councils);
  });

  it('take the region code from the region name and name the row of an unknown region', () => {
    const header = 'la_code,la_code_new,stat_neighbours,stat_neighbours_previous,local_authority_ons_name,region_name,rgn22cd';
    const csv = `${header}\n825,E06000060,"931, 919",,Buckinghamshire,South East,E12000004\n`;
    expect(councilsFromLookup(csv)['825']).toMatchObject({ region_code: 'E12000008', region_name: 'South East', neighbours: ['931', '919'] });
    expect(() => councilsFromLookup(`${header}\n999,E0,,,Atlantis,Atlantic,E12000099\n`)).toThrow(
      'la_lookup.csv row 2, region_name: “Atlantic” is not an English region',
    );
  });

  it('give council and regional values only for catalogue indicators and known codes, each with a source and year', () => {
    const ids = new Set(CATALOGUE.map((indicator) => indicator.id));
    for (const [file, codes] of [
      [LOCAL_AUTHORITY_VALUES, Object.keys(NEIGHBOURS.councils)],
      [REGION_VALUES, ENGLISH_REGIONS],
    ] as const) {
      for (const [indicator, published] of Object.entries(file.indicators)) {
        expect(ids.has(indicator), indicator).toBe(true);
        expect(published.year, indicator).toMatch(/^20\d\d$/);
        expect(published.source, indicator).toMatch(/^DfE, .* data file \S+\.csv/);
        for (const [code, value] of Object.entries(published.values)) {
          expect(codes, `${indicator} ${code}`).toContain(code);
          expect(Number.isFinite(value), `${indicator} ${code}`).toBe(true);
        }
      }
    }
    for (const published of Object.values(REGION_VALUES.indicators)) expect(Object.keys(published.values).sort()).toEqual(ENGLISH_REGIONS);
    expect(Object.keys(LOCAL_AUTHORITY_VALUES.indicators['demand.re_referrals_pct']!.values)).toHaveLength(153);
  });
});

describe('benchmarksFor', () => {
  it('gives Durham’s neighbours the mean of their published values and the North East its published figure', () => {
    // Re-referrals 2025, Durham's neighbours 876, 344, 390, 807, 372, 370, 394, 393, 808, 841:
    // (19 + 22.2 + 13.9 + 14.6 + 19.6 + 25.5 + 18.5 + 17.2 + 28.8 + 13) / 10 = 192.3 / 10 = 19.23.
    const result = benchmarksFor('demand.re_referrals_pct', '840');
    expect(result.neighbours).toMatchObject({
      value: 19.2,
      name: 'Statistical neighbours',
      detail: 'mean of 10 of 10 councils’ published values, 2025',
      label: 'Statistical neighbours (mean of 10 of 10 councils’ published values), 2025',
    });
    expect(result.neighbours!.source).toContain('c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv');
    expect(result.region).toMatchObject({
      value: 20.7,
      name: 'North East',
      detail: 'DfE published regional figure, 2025',
      label: 'North East (DfE published regional figure), 2025',
    });
    expect(result.region!.source).toContain('Children in need, reporting year 2025');

    // Children looked after per 10,000 at 31 March 2024, the same neighbours:
    // (138 + 116 + 133 + 153 + 86 + 79 + 94 + 102 + 132 + 133) / 10 = 1166 / 10 = 116.6; the North East 114.
    const looked = benchmarksFor('demand.looked_after_per_10k', '840');
    expect(looked.neighbours).toMatchObject({ value: 116.6, label: 'Statistical neighbours (mean of 10 of 10 councils’ published values), 2024' });
    expect(looked.region).toMatchObject({ value: 114, label: 'North East (DfE published regional figure), 2024' });
    expect(looked.england).toMatchObject({ value: 70, name: 'England', detail: 'published figure, 2024', label: 'England, 2024' });

    // Children looked after on 31 March 2025 with 3 or more social workers in the year, the same neighbours:
    // (45 + 17 + 7 + 13 + 26 + 30 + 21 + 11 + 37 + 18) / 10 = 225 / 10 = 22.5; the North East 21.
    const workers = benchmarksFor('stability.three_social_workers_pct', '840');
    expect(workers.neighbours).toMatchObject({ value: 22.5, label: 'Statistical neighbours (mean of 10 of 10 councils’ published values), 2025' });
    expect(workers.region).toMatchObject({ value: 21, label: 'North East (DfE published regional figure), 2025' });
    expect(workers.region!.source).toContain('la_cla_swcount.csv');
  });

  it('averages the neighbours that have a published value and says how many', () => {
    // Camden's neighbours for social worker turnover 2025: Westminster (213) and Kensington and Chelsea (207)
    // are suppressed; the other eight: (6.9 + 8.9 + 12.4 + 9.6 + 17.8 + 9.6 + 10.8 + 13.1) / 8 = 89.1 / 8 = 11.1375.
    expect(benchmarksFor('workforce.turnover_pct', '202').neighbours).toMatchObject({
      value: 11.1,
      label: 'Statistical neighbours (mean of 8 of 10 councils’ published values), 2025',
    });
  });

  it('says when a council or indicator has no values, and gives none without a council code', () => {
    const result = benchmarksFor('timeliness.assessments_45wd_pct', '840');
    expect(result.region).toMatchObject({
      value: null,
      name: 'North East',
      detail: 'Keystone holds no published figure for this measure',
      label: 'North East: not available (Keystone holds no published figure for this measure)',
    });
    expect(result.neighbours).toMatchObject({
      value: null,
      name: 'Statistical neighbours',
      detail: 'Keystone holds no published figure for this measure',
      label: 'Statistical neighbours: not available (Keystone holds no published figure for this measure)',
    });
    expect(benchmarksFor('demand.re_referrals_pct', '909').neighbours).toMatchObject({
      value: null,
      label: 'Statistical neighbours: not available (the DfE model gives this council no neighbours)',
    });
    expect(benchmarksFor('demand.re_referrals_pct', null)).toMatchObject({ region: null, neighbours: null });
    expect(benchmarksFor('demand.re_referrals_pct', '999')).toMatchObject({ region: null, neighbours: null });
  });

  it('reads beside the comparator’s name without repeating it, and names it when the row does not', () => {
    const durham = benchmarksFor('demand.re_referrals_pct', '840');
    expect(comparatorText(durham.neighbours!, '19.2%')).toBe('19.2%: mean of 10 of 10 councils’ published values, 2025');
    expect(comparatorText(durham.region!, '20.7%', { named: true })).toBe('20.7%: North East, DfE published regional figure, 2025');
    expect(comparatorText(durham.england!, '22.6%')).toBe('22.6%: published figure, 2025');
    const none = benchmarksFor('timeliness.assessments_45wd_pct', '840');
    expect(comparatorText(none.neighbours!, '–')).toBe('Not available: Keystone holds no published figure for this measure');
    expect(comparatorText(none.region!, '–', { named: true })).toBe('Not available for North East: Keystone holds no published figure for this measure');
    // A report saved before comparators had their detail: as it was printed then.
    expect(comparatorText({ value: 19.2, label: 'Statistical neighbours (mean of 10 of 10 councils’ published values), 2025', source: '' }, '19.2%')).toBe(
      '19.2% (Statistical neighbours (mean of 10 of 10 councils’ published values), 2025)',
    );
  });

  it('averages the region’s councils when no regional figure is published', () => {
    const councilValues = {
      version: 'test',
      source: 'test',
      indicators: {
        'demand.re_referrals_pct': {
          year: '2025',
          period: 'year ending 31 March 2025',
          source: 'DfE, test: data file t.csv',
          values: { '840': 18.7, '841': 13, '390': 13.9, '201': 15.8 },
        },
      },
    };
    const data = { england: ENGLAND, neighbours: NEIGHBOURS, councilValues, regionValues: { version: 'test', source: 'test', indicators: {} } };
    // Three of the North East's 12 councils have a value: (18.7 + 13 + 13.9) / 3 = 45.6 / 3 = 15.2.
    expect(benchmarksFrom(data, 'demand.re_referrals_pct', '840').region).toMatchObject({
      value: 15.2,
      label: 'North East (mean of 3 of 12 councils’ published values), 2025',
      source: 'DfE, test: data file t.csv',
    });
  });
});
