/** What `keystone indicators` prints: every indicator on a date, for the council or one team. */
import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import type { TeamScope } from '../core/auth/scope.ts';
import { caseloadIndicators, caseloadsOn, type CaseloadSnapshot } from '../caseloads/rules.ts';
import { CATALOGUE, findIndicator } from './catalogue/index.ts';
import { analyseIndicators, type IndicatorResult } from './analysis.ts';

export interface ReportedIndicator {
  id: string;
  title: string;
  value: number | null;
  unit: string;
  numerator: number | null;
  denominator: number | null;
  target: number | null;
  benchmark: { england: number | null; england_label: string | null; region: number | null; statistical_neighbours: number | null } | null;
  spc: { variation: string; assurance: string; mean: number | null; upper: number | null; lower: number | null; provisional: boolean } | null;
  direction: string | null;
  /** Set when the data do not cover the figure: none (value null, no SPC or target verdict) or partial, with the reason. */
  coverage: { status: 'none' | 'partial'; reason: string } | null;
}

export interface IndicatorReport {
  as_of: IsoDate;
  threshold: number;
  team: string | null;
  indicators: ReportedIndicator[];
  teams: CaseloadSnapshot['teams'];
  workers: CaseloadSnapshot['workers'];
}

export class UnknownIndicatorError extends Error {}

function reported(result: IndicatorResult): ReportedIndicator {
  const segment = result.spc.segments[result.spc.segments.length - 1];
  const notAvailable = result.coverage?.status === 'none';
  return {
    id: result.indicator.id,
    title: result.indicator.title,
    value: result.latest.value,
    unit: result.indicator.unit,
    numerator: result.latest.numerator,
    denominator: result.latest.denominator,
    target: result.target,
    benchmark: {
      england: result.benchmarks.england?.value ?? null,
      england_label: result.benchmarks.england?.label ?? null,
      region: result.benchmarks.region?.value ?? null,
      statistical_neighbours: result.benchmarks.neighbours?.value ?? null,
    },
    spc: notAvailable
      ? null
      : {
          variation: result.spc.variation,
          assurance: result.spc.assurance,
          mean: segment?.mean ?? null,
          upper: segment?.upper ?? null,
          lower: segment?.lower ?? null,
          provisional: result.spc.provisional,
        },
    direction: result.direction ? `${result.direction.change} (${result.direction.meaning})` : null,
    coverage: result.coverage ?? null,
  };
}

/**
 * Every indicator on `asOf` (the caseload figures exactly as the caseload page shows them, then the
 * catalogue), each with numerator, denominator, target, benchmarks and SPC over the 72 months up to it.
 */
export async function indicatorReport(
  database: Database,
  asOf: IsoDate,
  options: { threshold: number; teamId?: string | null; id?: string | null },
): Promise<IndicatorReport> {
  const scope: TeamScope = options.teamId ? { kind: 'teams', teamIds: [options.teamId] } : { kind: 'all' };
  if (options.id && !findIndicator(options.id) && !options.id.startsWith('caseload.')) throw new UnknownIndicatorError(`no indicator "${options.id}"`);
  const snapshot = await caseloadsOn(database, asOf, { threshold: options.threshold, scope });
  const wanted = options.id ? CATALOGUE.filter((indicator) => indicator.id === options.id) : CATALOGUE;
  const results = await analyseIndicators(database, { asOf, selection: { scope }, threshold: options.threshold, indicators: wanted });
  const byId = new Map(results.map((result) => [result.indicator.id, result]));
  // The caseload figures, including the bands the catalogue does not chart, valued from the snapshot.
  const caseloads: ReportedIndicator[] = caseloadIndicators(snapshot).map((indicator) => {
    const analysed = byId.get(indicator.id);
    return analysed
      ? { ...reported(analysed), value: analysed.coverage?.status === 'none' ? null : indicator.value }
      : {
          id: indicator.id,
          title: indicator.title,
          value: indicator.value,
          unit: indicator.unit,
          numerator: null,
          denominator: null,
          target: null,
          benchmark: null,
          spc: null,
          direction: null,
          coverage: null,
        };
  });
  const rest = results.filter((result) => result.indicator.kind !== 'caseload').map(reported);
  const indicators = [...caseloads, ...rest].filter((indicator) => !options.id || indicator.id === options.id);
  if (options.id && indicators.length === 0) throw new UnknownIndicatorError(`no indicator "${options.id}"`);
  return { as_of: asOf, threshold: options.threshold, team: options.teamId ?? null, indicators, teams: snapshot.teams, workers: snapshot.workers };
}
