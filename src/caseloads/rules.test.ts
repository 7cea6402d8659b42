import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../core/db/database.ts';
import { insertRows } from '../core/db/bulk.ts';
import { caseloadBands, caseloadIndicators, caseloadsOn, caseloadTrend } from './rules.ts';
import { involvementDataRange } from '../core/allocations.ts';
import { AS_OF, loadCaseloadFixture } from '../../test/support/caseload-fixture.ts';
import { engines, freshDatabase } from '../../test/support/engines.ts';

const ALL = { kind: 'all' } as const;

describe('caseload bands', () => {
  it('splits at the threshold, 24 and 30 by default', () => {
    expect(caseloadBands(20).map((band) => [band.id, band.min, band.max])).toEqual([
      ['0_20', 0, 20],
      ['21_24', 21, 24],
      ['25_30', 25, 30],
      ['over_30', 31, null],
    ]);
  });

  it('drops the bands a high threshold swallows', () => {
    expect(caseloadBands(24).map((band) => band.id)).toEqual(['0_24', '25_30', 'over_30']);
    expect(caseloadBands(26).map((band) => band.id)).toEqual(['0_26', '27_30', 'over_30']);
    expect(caseloadBands(30).map((band) => band.id)).toEqual(['0_30', 'over_30']);
    expect(caseloadBands(35).map((band) => band.label)).toEqual(['0 to 35', 'More than 35']);
    expect(caseloadBands(15).map((band) => band.id)).toEqual(['0_15', '16_24', '25_30', 'over_30']);
  });

  it('rejects a threshold that is not a whole number', () => {
    expect(() => caseloadBands(20.5)).toThrow(/whole number/);
  });
});

describe.each(engines)('caseloads on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    await loadCaseloadFixture(database);
  });
  afterAll(async () => drop?.());

  const caseloadOf = (result: Awaited<ReturnType<typeof caseloadsOn>>, professionalId: string) =>
    result.workers.find((worker) => worker.professionalId === professionalId);

  it('counts every case-holding worker and their distinct children on the date', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(Object.fromEntries(result.workers.map((worker) => [worker.professionalId, worker.caseload]))).toEqual({
      P01: 20,
      P02: 21,
      P03: 24,
      P04: 25,
      P05: 30,
      P06: 31,
      P07: 0,
      P08: 2,
      P09: 1,
      P11: 3,
    });
    // 157 allocations over 10 workers; the child co-allocated to P03 and P04 is one child.
    expect(result.county).toMatchObject({ workers: 10, cases: 157, children: 156, average: 15.7, overThreshold: 5, overThresholdPct: 50 });
  });

  it('does not count an allocation that starts and ends on the date, but counts the worker', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(caseloadOf(result, 'P07')).toMatchObject({ caseload: 0, teamId: 'T2' });
  });

  it('gives a child whose worker changes on the date to the new worker only', async () => {
    const onTheDay = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect([caseloadOf(onTheDay, 'P01')?.caseload, caseloadOf(onTheDay, 'P02')?.caseload]).toEqual([20, 21]);
    const dayBefore = await caseloadsOn(database, '2024-03-30', { threshold: 20, scope: ALL });
    expect([caseloadOf(dayBefore, 'P01')?.caseload, caseloadOf(dayBefore, 'P02')?.caseload]).toEqual([21, 20]);
  });

  it('counts a child with two overlapping involvements once for the worker', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(caseloadOf(result, 'P05')?.caseload).toBe(30);
  });

  it('places a worker without a case-holding membership in the team on their allocation, else unknown', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(caseloadOf(result, 'P08')).toEqual({
      professionalId: 'P08',
      name: 'Hal Hughes',
      teamId: 'T3',
      teamName: 'Children in care team',
      role: null,
      agency: true,
      fte: 1,
      caseload: 2,
    });
    expect(caseloadOf(result, 'P09')).toMatchObject({ teamId: 'unknown', teamName: 'Team not recorded' });
    expect(caseloadOf(result, 'P10')).toBeUndefined();
    expect(caseloadOf(result, 'P03')).toMatchObject({ role: 'asye_social_worker', fte: 0.8, agency: false });
  });

  it('moves a worker between teams on the day their membership changes', async () => {
    const before = await caseloadsOn(database, '2024-03-14', { threshold: 20, scope: ALL });
    expect(caseloadOf(before, 'P11')?.teamId).toBe('T1');
    expect(before.teams.find((team) => team.teamId === 'T1')?.workers).toBe(4);
    const after = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(caseloadOf(after, 'P11')?.teamId).toBe('T2');
  });

  it('totals each team', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    // By service, then team.
    expect(result.teams).toEqual([
      {
        teamId: 'T3',
        teamName: 'Children in care team',
        serviceName: 'Children in care service',
        workers: 1,
        cases: 2,
        average: 2,
        overThreshold: 0,
        overThresholdPct: 0,
      },
      {
        teamId: 'T1',
        teamName: 'Assessment team North',
        serviceName: 'Children in need service',
        workers: 3,
        cases: 65,
        average: 21.7,
        overThreshold: 2,
        overThresholdPct: 66.7,
      },
      {
        teamId: 'T2',
        teamName: 'Child protection team South',
        serviceName: 'Children in need service',
        workers: 5,
        cases: 89,
        average: 17.8,
        overThreshold: 3,
        overThresholdPct: 60,
      },
      { teamId: 'unknown', teamName: 'Team not recorded', serviceName: null, workers: 1, cases: 1, average: 1, overThreshold: 0, overThresholdPct: 0 },
    ]);
  });

  it('bands workers at 20/21, 24/25 and 30/31', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL });
    expect(result.county.bands.map((band) => [band.id, band.workers, band.pct])).toEqual([
      ['0_20', 5, 50],
      ['21_24', 2, 20],
      ['25_30', 2, 20],
      ['over_30', 1, 10],
    ]);
  });

  it('takes the threshold as a setting', async () => {
    const result = await caseloadsOn(database, AS_OF, { threshold: 24, scope: ALL });
    expect(result.county).toMatchObject({ overThreshold: 3, overThresholdPct: 30 });
    expect(result.county.bands.map((band) => [band.id, band.workers])).toEqual([
      ['0_24', 7],
      ['25_30', 2],
      ['over_30', 1],
    ]);
    expect((await caseloadsOn(database, AS_OF, { threshold: 30, scope: ALL })).county.overThreshold).toBe(1);
  });

  it('keeps to the teams in scope', async () => {
    const teamOne = await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'teams', teamIds: ['T1'] } });
    expect(teamOne.workers.map((worker) => worker.professionalId)).toEqual(['P03', 'P02', 'P01']);
    expect(teamOne.county).toMatchObject({ workers: 3, cases: 65, children: 65, average: 21.7 });
    const others = await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'teams', teamIds: ['T2', 'T3'] } });
    expect(others.county).toMatchObject({ workers: 6, cases: 91, children: 91 });
    const none = await caseloadsOn(database, AS_OF, { threshold: 20, scope: { kind: 'teams', teamIds: [] } });
    expect(none.county).toMatchObject({ workers: 0, cases: 0, children: 0, average: null, overThresholdPct: null });
    expect(none.county.bands.every((band) => band.workers === 0 && band.pct === null)).toBe(true);
  });

  it('gives month-end figures by the same definition', async () => {
    const trend = await caseloadTrend(database, { from: '2024-01-01', to: AS_OF, threshold: 20, scope: ALL });
    expect(trend).toEqual([
      // P01 21, P02 20, P03 24, P04 25, P05 30, P06 30, P07 0, P11 3; P08 and P09 hold no case yet.
      { monthEnd: '2024-01-31', workers: 8, cases: 153, average: 19.1, overThresholdPct: 62.5 },
      // P06 takes a 31st case on 10 February.
      { monthEnd: '2024-02-29', workers: 8, cases: 154, average: 19.3, overThresholdPct: 62.5 },
      { monthEnd: '2024-03-31', workers: 10, cases: 157, average: 15.7, overThresholdPct: 50 },
    ]);
    const onMonthEnd = await caseloadsOn(database, '2024-02-29', { threshold: 20, scope: ALL });
    expect([onMonthEnd.county.workers, onMonthEnd.county.cases, onMonthEnd.county.average]).toEqual([8, 154, 19.3]);
  });

  it('keeps the trend to month-ends inside the period and to the scope', async () => {
    const trend = await caseloadTrend(database, { from: '2024-01-15', to: '2024-03-30', threshold: 20, scope: { kind: 'teams', teamIds: ['T1'] } });
    // P11 is in T1 until 15 March.
    expect(trend).toEqual([
      { monthEnd: '2024-01-31', workers: 4, cases: 68, average: 17, overThresholdPct: 50 },
      { monthEnd: '2024-02-29', workers: 4, cases: 68, average: 17, overThresholdPct: 50 },
    ]);
    expect(await caseloadTrend(database, { from: '2024-03-01', to: '2024-03-30', threshold: 20, scope: ALL })).toEqual([]);
    await expect(caseloadTrend(database, { from: '2024-03-01', to: '2024-02-01', threshold: 20, scope: ALL })).rejects.toThrow(/after/);
  });

  it('shows months without workers as empty, not as zero averages', async () => {
    const trend = await caseloadTrend(database, { from: '2018-01-01', to: '2018-02-28', threshold: 20, scope: ALL });
    expect(trend).toEqual([
      { monthEnd: '2018-01-31', workers: 0, cases: 0, average: null, overThresholdPct: null },
      { monthEnd: '2018-02-28', workers: 0, cases: 0, average: null, overThresholdPct: null },
    ]);
  });

  it('lists the indicators under their published ids', async () => {
    const indicators = caseloadIndicators(await caseloadsOn(database, AS_OF, { threshold: 20, scope: ALL }));
    expect(Object.fromEntries(indicators.map((indicator) => [indicator.id, indicator.value]))).toEqual({
      'caseload.workers': 10,
      'caseload.cases': 157,
      'caseload.average': 15.7,
      'caseload.over_threshold_count': 5,
      'caseload.over_threshold_pct': 50,
      'caseload.band.0_20': 5,
      'caseload.band.0_20_pct': 50,
      'caseload.band.21_24': 2,
      'caseload.band.21_24_pct': 20,
      'caseload.band.25_30': 2,
      'caseload.band.25_30_pct': 20,
      'caseload.band.over_30': 1,
      'caseload.band.over_30_pct': 10,
    });
    expect(indicators.find((indicator) => indicator.id === 'caseload.over_threshold_pct')).toMatchObject({
      title: 'Share of workers with more than 20 cases',
      unit: '%',
    });
  });

  it('finds the span of the allocation data', async () => {
    expect(await involvementDataRange(database)).toEqual({ first: '2023-06-01', last: AS_OF });
  });
});

/**
 * The trend gives each allocation the months it spans (whole month numbers) rather than testing every
 * month-end: allocations starting and ending on and around month-ends, open, one-day and overlapping,
 * each worker alone in a team recorded on their allocations (none has a membership).
 */
describe.each(engines)('caseload trend at the edges of months on $name', ({ url }) => {
  let database: Database;
  let drop: () => Promise<void>;
  const MONTH_ENDS = ['2023-10-31', '2023-11-30', '2023-12-31', '2024-01-31', '2024-02-29', '2024-03-31', '2024-04-30'];
  // Worker (and team): allocations [child, start, end]; cases at each month-end above, worked by hand.
  const WORKERS: Record<string, { allocations: [string, string, string | null][]; cases: number[] }> = {
    // Starts on a month-end, open: counts from that month-end.
    W1: { allocations: [['A', '2024-01-31', null]], cases: [0, 0, 0, 1, 1, 1, 1] },
    // Ends on a month-end: not in effect on it.
    W2: { allocations: [['B', '2024-01-01', '2024-02-29']], cases: [0, 0, 0, 1, 0, 0, 0] },
    // Ends the day after a month-end: in effect on it.
    W3: { allocations: [['C', '2024-01-15', '2024-03-01']], cases: [0, 0, 0, 1, 1, 0, 0] },
    // One day, on a month-end; and one starting and ending on a month-end (never in effect).
    W4: {
      allocations: [
        ['D', '2024-02-29', '2024-03-01'],
        ['E', '2024-01-31', '2024-01-31'],
      ],
      cases: [0, 0, 0, 0, 1, 0, 0],
    },
    // Two overlapping allocations of one child count once; another child from a month-end to the next.
    W5: {
      allocations: [
        ['F', '2023-11-10', '2024-02-10'],
        ['F', '2024-01-05', null],
        ['G', '2023-12-31', '2024-01-31'],
      ],
      cases: [0, 1, 2, 1, 1, 1, 1],
    },
    // Starting before the period and ending after it; and one ending on the period's first month-end.
    W6: {
      allocations: [
        ['H', '2020-05-05', '2025-06-15'],
        ['I', '2020-01-01', '2023-10-31'],
      ],
      cases: [1, 1, 1, 1, 1, 1, 1],
    },
    // Between two month-ends: never counted.
    W7: { allocations: [['J', '2024-01-10', '2024-01-30']], cases: [0, 0, 0, 0, 0, 0, 0] },
  };

  beforeAll(async () => {
    const fresh = await freshDatabase(url);
    database = fresh;
    drop = fresh.drop;
    const workers = Object.entries(WORKERS);
    await insertRows(
      database.db,
      'ssd_professionals',
      ['prof_professional_id', 'prof_professional_name'],
      workers.map(([worker]) => [worker, `Worker ${worker}`]),
    );
    const children = [...new Set(workers.flatMap(([, { allocations }]) => allocations.map(([child]) => child)))];
    await insertRows(
      database.db,
      'ssd_person',
      ['pers_person_id'],
      children.map((child) => [child]),
    );
    await insertRows(
      database.db,
      'ssd_involvements',
      [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_professional_team',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_person_id',
      ],
      workers.flatMap(([worker, { allocations }]) =>
        allocations.map(([child, start, end], index) => [`${worker}-${index}`, worker, 'ALLOCATED_CASE_WORKER', `T-${worker}`, start, end, child]),
      ),
    );
  });
  afterAll(async () => drop?.());

  it("gives each worker's cases at each month-end, from a period starting mid-month", async () => {
    for (const [worker, { cases }] of Object.entries(WORKERS)) {
      const trend = await caseloadTrend(database, { from: '2023-10-20', to: '2024-04-30', threshold: 0, scope: { kind: 'teams', teamIds: [`T-${worker}`] } });
      expect(trend.map((point) => point.monthEnd)).toEqual(MONTH_ENDS);
      expect({ worker, cases: trend.map((point) => point.cases) }).toEqual({ worker, cases });
      expect({ worker, workers: trend.map((point) => point.workers) }).toEqual({ worker, workers: cases.map((count) => (count > 0 ? 1 : 0)) });
    }
  });

  it("agrees with each month-end's caseloads for the whole council", async () => {
    const trend = await caseloadTrend(database, { from: MONTH_ENDS[0]!, to: MONTH_ENDS[MONTH_ENDS.length - 1]!, threshold: 1, scope: ALL });
    expect(trend.map((point) => [point.workers, point.cases])).toEqual([
      [1, 1],
      [2, 2],
      [2, 3],
      [5, 5],
      [5, 5],
      [3, 3],
      [3, 3],
    ]);
    for (const point of trend) {
      const snapshot = await caseloadsOn(database, point.monthEnd, { threshold: 1, scope: ALL });
      expect([point.monthEnd, point.workers, point.cases, point.overThresholdPct]).toEqual([
        snapshot.asOf,
        snapshot.county.workers,
        snapshot.county.cases,
        snapshot.county.overThresholdPct,
      ]);
    }
  });

  it('counts an allocation in the last month only up to the period', async () => {
    const trend = await caseloadTrend(database, { from: '2024-02-29', to: '2024-02-29', threshold: 20, scope: ALL });
    expect(trend.map((point) => [point.monthEnd, point.cases])).toEqual([['2024-02-29', 5]]);
  });
});
