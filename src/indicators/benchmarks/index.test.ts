import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CATALOGUE } from '../catalogue/index.ts';
import { councilsFromLookup } from './build-neighbours.ts';
import { benchmarksFor, ENGLAND, NEIGHBOURS } from './index.ts';

const LOOKUP = '/work/shared/fixtures/ofsted/la_lookup.csv';

describe('benchmark data files', () => {
  it('give England values only for indicators in the catalogue, each with a source and year', () => {
    const ids = new Set(CATALOGUE.map((indicator) => indicator.id));
    for (const entry of ENGLAND.values) {
      expect(ids.has(entry.indicator), entry.indicator).toBe(true);
      expect(entry.source.length).toBeGreaterThan(10);
      expect(entry.year).not.toBe('');
    }
    expect(benchmarksFor('timeliness.assessments_45wd_pct', null).england).toMatchObject({ value: 85.7, label: 'England, 2025' });
  });

  it('ship 10 statistical neighbours (none for the smallest councils) and a region for every council', () => {
    const councils = Object.entries(NEIGHBOURS.councils);
    expect(councils.filter(([, council]) => council.neighbours.length === 10).length).toBeGreaterThanOrEqual(150);
    for (const [code, council] of councils) {
      expect([0, 10], code).toContain(council.neighbours.length);
      expect(council.region_code, code).toMatch(/^E12/);
    }
    // Durham (840): the first neighbour is Redcar and Cleveland (876).
    expect(NEIGHBOURS.councils['840']).toMatchObject({ name: 'Durham', region_name: 'North East' });
    expect(NEIGHBOURS.councils['840']!.neighbours[0]).toBe('876');
  });

  it.runIf(existsSync(LOOKUP))('match the published lookup they were built from', () => {
    expect(councilsFromLookup(readFileSync(LOOKUP, 'utf8'))).toEqual(NEIGHBOURS.councils);
  });

  it('say when region and neighbour values are not available', () => {
    const result = benchmarksFor('demand.re_referrals_pct', '840');
    expect(result.region).toMatchObject({ value: null });
    expect(result.region!.label).toContain('North East');
    expect(result.neighbours!.label).toContain('not available');
    expect(benchmarksFor('demand.re_referrals_pct', null).neighbours).toBeNull();
  });
});
