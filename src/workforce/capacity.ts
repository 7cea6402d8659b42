/**
 * Capacity model: each team's caseloads 12 months ahead, what-if scenarios, and the FTE a team
 * needs for a target. The model (also stated on the capacity page):
 *
 * 1. Demand: the team's cases in 12 months = cases now + 12 × the monthly trend (least-squares
 *    slope of cases held at the last 12 month-ends, caseloadTrend), never below 0.
 * 2. Capacity of a worker = FTE × (ASYE protected share while in the ASYE year, else 1). Workers in
 *    their ASYE year now have finished it in 12 months (share 1).
 * 3. Leavers: the team's turnover (leaver FTE / FTE in post, last 12 months) recurs, and leavers
 *    are replaced at the team's fill rate (starters / leavers in those 12 months, at most 1); the
 *    unreplaced share, turnover × (1 − fill rate), of today's workers is gone, and leavers are
 *    typical of the team: each current worker counts as (1 − that share) of a worker, so the
 *    distribution keeps its shape while fewer workers hold the cases.
 * 4. Scenarios add full-time workers: "fill N vacancies" and "add N posts" add N social workers
 *    (posts assumed filled within the year); "ASYE cohort of N in September" adds N workers at the
 *    ASYE share (still in their ASYE year at the horizon).
 * 5. Cases are shared in proportion to capacity, keeping each current worker's present load
 *    relative to the team's (a worker at 1.2× the team's cases per capacity stays at 1.2×); new
 *    workers carry the team's load. Caseloads are rounded to one decimal before comparing with the
 *    threshold.
 * 6. Reverse question: the fewest extra full-time workers (whole numbers, up to 100) for which the
 *    projected share of workers over the threshold is at most the target.
 */
import { ratio } from '../core/numbers.ts';

export interface ModelWorker {
  fte: number;
  /** Capacity share now (ASYE protected share, else 1). */
  weight: number;
  caseload: number;
}

export interface TeamInput {
  teamId: string;
  teamName: string;
  workers: ModelWorker[];
  /** Cases at the last 12 month-ends, oldest first (for the trend). */
  history: number[];
  turnoverFraction: number;
  fillRate: number;
  vacancyFte: number;
}

export interface Scenario {
  /** Full-time workers added (fill vacancies, add posts). */
  addedWorkers: number;
  /** ASYE workers added, at `asyeShare`. */
  asyeWorkers: number;
}

export interface Projection {
  teamId: string;
  teamName: string;
  casesNow: number;
  casesProjected: number;
  monthlyTrend: number;
  workersNow: number;
  workersProjected: number;
  capacityNow: number;
  capacityProjected: number;
  averageNow: number | null;
  averageProjected: number | null;
  perFteProjected: number | null;
  overThresholdNowPct: number | null;
  overThresholdProjectedPct: number | null;
}

/** Least-squares slope of a series per step (0 for fewer than two points). */
export function slope(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = values.reduce((sum, value) => sum + value, 0) / n;
  let numerator = 0;
  let denominator = 0;
  values.forEach((value, x) => {
    numerator += (x - meanX) * (value - meanY);
    denominator += (x - meanX) ** 2;
  });
  return numerator / denominator;
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/** Projected caseload of every worker in 12 months under a scenario (model steps 1–5). */
export function projectCaseloads(
  team: TeamInput,
  scenario: Scenario,
  asyeShare: number,
): { cases: number; trend: number; capacity: number; headcount: number; caseloads: number[]; counts: number[] } {
  const casesNow = team.workers.reduce((sum, worker) => sum + worker.caseload, 0);
  const trend = slope(team.history);
  const cases = Math.max(0, casesNow + 12 * trend);
  const capacityNow = team.workers.reduce((sum, worker) => sum + worker.fte * worker.weight, 0);
  const loadNow = capacityNow > 0 ? casesNow / capacityNow : 0;
  const keep = 1 - Math.min(1, Math.max(0, team.turnoverFraction) * (1 - Math.min(1, Math.max(0, team.fillRate))));
  const slots = [
    ...team.workers.map((worker) => {
      const capacity = worker.fte * worker.weight;
      const spread = loadNow > 0 && capacity > 0 ? worker.caseload / capacity / loadNow : 1;
      return { capacity: worker.fte, spread, count: keep };
    }),
    ...Array.from({ length: scenario.addedWorkers }, () => ({ capacity: 1, spread: 1, count: 1 })),
    ...Array.from({ length: scenario.asyeWorkers }, () => ({ capacity: asyeShare, spread: 1, count: 1 })),
  ];
  const capacity = slots.reduce((sum, slot) => sum + slot.capacity * slot.count, 0);
  const load = capacity > 0 ? cases / capacity : 0;
  return {
    cases,
    trend,
    capacity,
    headcount: slots.reduce((sum, slot) => sum + slot.count, 0),
    caseloads: slots.map((slot) => round1(load * slot.capacity * slot.spread)),
    counts: slots.map((slot) => slot.count),
  };
}

export function project(team: TeamInput, scenario: Scenario, options: { threshold: number; asyeShare: number }): Projection {
  const { cases, trend, capacity, headcount, caseloads, counts } = projectCaseloads(team, scenario, options.asyeShare);
  const casesNow = team.workers.reduce((sum, worker) => sum + worker.caseload, 0);
  const over = (list: number[]) => list.filter((caseload) => caseload > options.threshold).length;
  const overProjected = caseloads.reduce((sum, caseload, index) => sum + (caseload > options.threshold ? counts[index]! : 0), 0);
  return {
    teamId: team.teamId,
    teamName: team.teamName,
    casesNow,
    casesProjected: round1(cases),
    monthlyTrend: round1(trend),
    workersNow: team.workers.length,
    workersProjected: round1(headcount),
    capacityNow: round1(team.workers.reduce((sum, worker) => sum + worker.fte * worker.weight, 0)),
    capacityProjected: round1(capacity),
    averageNow: ratio(casesNow, team.workers.length),
    averageProjected: headcount > 0 ? round1(cases / headcount) : null,
    perFteProjected: capacity > 0 ? round1(cases / capacity) : null,
    overThresholdNowPct: ratio(over(team.workers.map((worker) => worker.caseload)), team.workers.length, 100),
    overThresholdProjectedPct: headcount > 0 ? round1((overProjected / headcount) * 100) : null,
  };
}

/** Model step 6: extra full-time workers needed for at most `targetPct`% over the threshold, or null beyond 100. */
export function workersNeeded(
  team: TeamInput,
  options: { threshold: number; asyeShare: number; targetPct: number; scenario?: Scenario },
): { extraWorkers: number; capacityNeeded: number } | null {
  const base = options.scenario ?? { addedWorkers: 0, asyeWorkers: 0 };
  for (let extra = 0; extra <= 100; extra++) {
    const scenario = { ...base, addedWorkers: base.addedWorkers + extra };
    const projection = project(team, scenario, options);
    if ((projection.overThresholdProjectedPct ?? 0) <= options.targetPct) return { extraWorkers: extra, capacityNeeded: projection.capacityProjected };
  }
  return null;
}
