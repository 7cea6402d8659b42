import { describe, expect, it } from 'vitest';
import { project, projectCaseloads, slope, workersNeeded, type TeamInput } from './capacity.ts';

const team = (overrides: Partial<TeamInput> = {}): TeamInput => ({
  teamId: 'T1',
  teamName: 'Team One',
  workers: [
    { fte: 1, weight: 1, caseload: 20 },
    { fte: 1, weight: 1, caseload: 30 },
  ],
  history: Array(12).fill(50),
  turnoverFraction: 0,
  fillRate: 1,
  vacancyFte: 1,
  ...overrides,
});
const none = { addedWorkers: 0, asyeWorkers: 0 };
const options = { threshold: 20, asyeShare: 0.8 };

describe('capacity model (worked by hand)', () => {
  it('fits the monthly trend by least squares', () => {
    expect(slope([40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51])).toBe(1);
    expect(slope([5])).toBe(0);
    expect(slope([10, 14, 12])).toBe(1); // x̄ = 1, ȳ = 12: ((−1)(−2) + 0 + (1)(0)) / 2
  });

  it('keeps today’s spread when nothing changes: 20 and 30 cases stay, half over 20', () => {
    expect(projectCaseloads(team(), none, 0.8).caseloads).toEqual([20, 30]);
    expect(project(team(), none, options)).toMatchObject({
      casesNow: 50,
      casesProjected: 50,
      averageProjected: 25,
      overThresholdNowPct: 50,
      overThresholdProjectedPct: 50,
    });
  });

  it('adds demand from the trend: 50 cases rising 1 a month become 62', () => {
    const rising = team({ history: [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51] });
    // load 62 / 2 = 31; spreads 0.8 and 1.2 → 24.8 and 37.2
    expect(projectCaseloads(rising, none, 0.8)).toMatchObject({ cases: 62, trend: 1, caseloads: [24.8, 37.2] });
  });

  it('one more post: 50 cases over 3 FTE → 13.3, 20.0 and 16.7, none over 20', () => {
    expect(projectCaseloads(team(), { addedWorkers: 1, asyeWorkers: 0 }, 0.8).caseloads).toEqual([13.3, 20, 16.7]);
    expect(project(team(), { addedWorkers: 1, asyeWorkers: 0 }, options)).toMatchObject({
      workersProjected: 3,
      averageProjected: 16.7,
      perFteProjected: 16.7,
      overThresholdProjectedPct: 0,
    });
  });

  it('unreplaced leavers take capacity: turnover 50% filled at 50% keeps 75% → 26.7 and 40', () => {
    const leaky = team({ turnoverFraction: 0.5, fillRate: 0.5 });
    const projected = projectCaseloads(leaky, none, 0.8);
    expect(projected.capacity).toBeCloseTo(1.5, 10);
    expect(projected.caseloads).toEqual([26.7, 40]);
    expect(project(leaky, none, options)).toMatchObject({ workersProjected: 1.5, averageProjected: 33.3, overThresholdProjectedPct: 100 });
  });

  it('an ASYE cohort of 2 in September adds 2 × 0.8 capacity: 50 / 3.6 = 13.9 per capacity, ASYE workers carry 0.8 of it', () => {
    expect(projectCaseloads(team(), { addedWorkers: 0, asyeWorkers: 2 }, 0.8).caseloads).toEqual([11.1, 16.7, 11.1, 11.1]);
  });

  it('today’s ASYE worker is at full capacity a year on', () => {
    const withAsye = team({
      workers: [
        { fte: 1, weight: 0.8, caseload: 16 },
        { fte: 1, weight: 1, caseload: 20 },
      ],
      history: Array(12).fill(36),
    });
    // now: capacity 1.8, 20 per capacity, both at spread 1; in 12 months capacity 2 → 18 each
    expect(projectCaseloads(withAsye, none, 0.8)).toMatchObject({ capacity: 2, caseloads: [18, 18] });
  });

  it('answers the reverse question: the fewest extra workers for the target', () => {
    expect(workersNeeded(team(), { ...options, targetPct: 10 })).toEqual({ extraWorkers: 1, capacityNeeded: 3 });
    expect(workersNeeded(team(), { ...options, targetPct: 50 })).toEqual({ extraWorkers: 0, capacityNeeded: 2 });
    // 62 cases, spreads 0.8 / 1.2: with k new workers load = 62 / (2 + k); 1.2 × load ≤ 20 needs k ≥ 1.72 → 2
    expect(workersNeeded(team({ history: [40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51] }), { ...options, targetPct: 0 })).toEqual({
      extraWorkers: 2,
      capacityNeeded: 4,
    });
  });
});
