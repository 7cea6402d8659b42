/** The engine on the caseload county (test/support/caseload-fixture.ts): reuse, dates, scope, cache. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../../test/support/engines.ts';
import { caseloadsOn, caseloadTrend } from '../caseloads/rules.ts';
import { AS_OF, loadCaseloadFixture } from '../../test/support/caseload-fixture.ts';
import { CATALOGUE, findIndicator } from './catalogue/index.ts';
import { computeSeries, onePerMonth, seriesDates, WHOLE_COUNCIL } from './engine.ts';
import { indicatorDatabase, insert, measure } from '../../test/support/indicators.ts';

describe('the catalogue', () => {
  it('has at least 40 indicators, each fully described', () => {
    expect(CATALOGUE.length).toBeGreaterThanOrEqual(40);
    for (const indicator of CATALOGUE) {
      expect(indicator.id, indicator.id).toMatch(/^[a-z_]+\.[a-z0-9_]+$/);
      expect(indicator.id.startsWith(`${indicator.family}.`) || indicator.kind === 'caseload', indicator.id).toBe(true);
      expect(indicator.definition.length, indicator.id).toBeGreaterThan(40);
      expect(indicator.source.length, indicator.id).toBeGreaterThan(5);
      expect((indicator.unit === 'count') === (indicator.denominator === null) || indicator.unit === 'count', indicator.id).toBe(true);
      if (indicator.unit !== 'count') expect(indicator.denominator, indicator.id).not.toBeNull();
    }
  });
});

describe('series dates', () => {
  it('end on the as-of date, one a month, and split same-month dates into passes', () => {
    expect(seriesDates('2024-03-15', 3)).toEqual(['2024-01-31', '2024-02-29', '2024-03-15']);
    expect(onePerMonth(['2024-03-31', '2024-03-15', '2024-02-29'])).toEqual([['2024-02-29', '2024-03-15'], ['2024-03-31']]);
  });
});

describe.each(engines)('indicator engine on $name', ({ url }) => {
  let database: Awaited<ReturnType<typeof indicatorDatabase>>;
  beforeAll(async () => {
    database = await indicatorDatabase(url);
    await loadCaseloadFixture(database);
  });
  afterAll(async () => database?.drop());

  it('takes caseload figures from src/caseloads, for month-ends and other dates', async () => {
    const values = await measure(
      database,
      ['caseload.average', 'caseload.workers', 'caseload.cases', 'caseload.over_threshold_pct'],
      ['2024-02-29', '2024-03-15', AS_OF],
    );
    const snapshot = await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'all' } });
    expect(values['caseload.average']![AS_OF]).toEqual({ numerator: 157, denominator: 10, value: snapshot.county.average });
    expect(values['caseload.over_threshold_pct']![AS_OF]).toEqual({ numerator: 5, denominator: 10, value: 50 });
    const [february] = await caseloadTrend(database, { from: '2024-02-29', to: '2024-02-29', threshold: 20, scope: { kind: 'all' } });
    expect(values['caseload.cases']!['2024-02-29']!.value).toBe(february!.cases);
    const mid = await caseloadsOn(database, '2024-03-15', { threshold: 20, scope: { kind: 'all' } });
    expect(values['caseload.workers']!['2024-03-15']!.value).toBe(mid.county.workers);
  });

  it('counts two dates in one month in separate passes', async () => {
    const values = await measure(database, ['demand.open_cases'], ['2024-03-15', AS_OF]);
    // 156 children on 31 March; on 15 March C-SAME-DAY's allocation (31 March only) and none else differ.
    expect(values['demand.open_cases']![AS_OF]!.value).toBe(156);
    expect(values['demand.open_cases']!['2024-03-15']!.value).toBe(156);
  });

  it('attributes children to the team of their worker, else the team on the allocation', async () => {
    // P08 has no membership: their 2 children count for T3, the team recorded on the allocations.
    const t3 = await measure(database, ['demand.open_cases'], [AS_OF], { selection: { scope: { kind: 'teams', teamIds: ['T3'] } } });
    expect(t3['demand.open_cases']![AS_OF]!.value).toBe(2);
    // P01's own children.
    const own = await measure(database, ['demand.open_cases'], [AS_OF], { selection: { scope: { kind: 'all' }, workerId: 'P01' } });
    expect(own['demand.open_cases']![AS_OF]!.value).toBe(20);
  });

  it('caches results until the data change', async () => {
    const indicator = findIndicator('demand.open_cases')!;
    const first = await computeSeries(database, [indicator], [AS_OF], { selection: WHOLE_COUNCIL, threshold: 20 });
    expect(first.get(indicator.id)![0]!.value).toBe(156);
    await insert(database, 'ssd_person', ['pers_person_id'], [['C-NEW']]);
    await insert(
      database,
      'ssd_involvements',
      ['invo_involvements_id', 'invo_professional_id', 'invo_professional_role_id', 'invo_person_id', 'invo_involvement_start_date'],
      [['I-NEW', 'P07', 'ALLOCATED_CASE_WORKER', 'C-NEW', '2024-03-01']],
    );
    const second = await computeSeries(database, [indicator], [AS_OF], { selection: WHOLE_COUNCIL, threshold: 20 });
    expect(second.get(indicator.id)![0]!.value).toBe(157);
  });
});
