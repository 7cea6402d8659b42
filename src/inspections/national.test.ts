import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { distribution, loadNationalData, nationalPicture, DEFAULT_OFSTED_DATA, type CouncilGrades } from './national.ts';

const hasData = existsSync(`${DEFAULT_OFSTED_DATA}ilacs_overview.xlsx`);
if (!hasData) console.warn('National picture fixture test skipped: ../shared/fixtures/ofsted is absent.');

const council = (code: string, overall?: 'good' | 'inadequate', regionName = 'North East'): CouncilGrades => ({
  code,
  name: code,
  regionName,
  neighbours: [],
  inspectionType: null,
  inspectionStart: null,
  published: null,
  reportUrl: null,
  grades: overall ? { overall_effectiveness: overall } : {},
});

describe('national picture', () => {
  it('counts councils by grade per area, ignoring the ungraded', () => {
    const result = distribution('Test', [council('1', 'good'), council('2', 'good'), council('3', 'inadequate'), council('4')]);
    expect(result.areas[0]).toEqual({ area: 'overall_effectiveness', counts: { outstanding: 0, good: 2, requires_improvement: 0, inadequate: 1 }, graded: 3 });
    expect(result.areas[1]!.graded).toBe(0);
  });

  it.skipIf(!hasData)('reads Durham’s grades, neighbours and region from the fixtures', async () => {
    const data = (await loadNationalData(DEFAULT_OFSTED_DATA))!;
    const picture = nationalPicture(data, '840');
    // ilacs_overview.xlsx: Durham (840), short inspection 24 March 2025, published 13 May 2025, outstanding
    // overall with good help and protection; neighbours per la_lookup.csv (Halton first, Darlington last).
    expect(picture.council).toMatchObject({
      name: 'Durham',
      inspectionStart: '2025-03-24',
      published: '2025-05-13',
      grades: { overall_effectiveness: 'outstanding', help_and_protection: 'good' },
    });
    expect([picture.neighbours[0]!.name, picture.neighbours[9]!.name]).toEqual(['Halton', 'Darlington']);
    expect(picture.council!.regionName).toBe('North East');
    expect(picture.neighbours).toHaveLength(10);
    expect(picture.region!.areas[0]).toEqual({
      area: 'overall_effectiveness',
      counts: { outstanding: 6, good: 3, requires_improvement: 2, inadequate: 1 },
      graded: 12,
    });
    expect(picture.england.areas[0]!.graded).toBeGreaterThan(140);
    expect(nationalPicture(data, null).council).toBeNull();
  });
});
