import type { Database } from '../core/db/database.ts';
import type { IsoDate } from '../core/dates.ts';
import { caseloadIndicators, caseloadsOn, type CaseloadSnapshot, type Indicator } from './rules.ts';

export interface CaseloadReport {
  as_of: IsoDate;
  threshold: number;
  indicators: Indicator[];
  teams: CaseloadSnapshot['teams'];
  workers: CaseloadSnapshot['workers'];
}

/** The county's caseload indicators, teams and workers on a date: what `keystone indicators` prints. */
export async function caseloadReport(database: Database, asOf: IsoDate, threshold: number): Promise<CaseloadReport> {
  const result = await caseloadsOn(database, asOf, { threshold, scope: { kind: 'all' } });
  return { as_of: asOf, threshold, indicators: caseloadIndicators(result), teams: result.teams, workers: result.workers };
}
