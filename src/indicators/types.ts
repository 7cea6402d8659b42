/**
 * What an indicator is: the catalogue entries (catalogue/*.ts) are data of these types.
 * An analyst can read an entry and know exactly what the number means: the plain-English
 * definition, the numerator and denominator in words, and the SQL that counts them.
 */
import type { RawBuilder } from 'kysely';
import type { IsoDate } from '../core/dates.ts';

export type Family = 'demand' | 'timeliness' | 'stability' | 'missing' | 'plans' | 'care_leavers' | 'workforce' | 'disabled';
export type ServiceArea = 'front_door' | 'help_and_protection' | 'children_in_care' | 'care_leavers' | 'workforce' | 'disabled_children';
/** count: the numerator; %: 100 × numerator / denominator; per 10,000: numerator × 10,000 / the child population; ratio: numerator / denominator. */
export type Unit = 'count' | '%' | 'per 10,000' | 'ratio';
export type Polarity = 'higher_better' | 'lower_better' | 'neutral';
export type Breakdown = 'team' | 'worker' | 'age_band' | 'legal_status';
/**
 * What a month-end value looks at:
 * - 'on the date': the position on the as-of date (e.g. children looked after);
 * - 'month': things that happened in the month ending on the as-of date (from the day after the same
 *   date a month earlier, up to and including the as-of date: for a month-end, that calendar month);
 * - '12 months': the same for the 12 months ending on the as-of date.
 */
export type Window = 'on the date' | 'month' | '12 months';

/** A dated target: "61% now → 80% by 2018-03-31 → 90% by 2019-03-31". Linear between points, flat outside. */
export type Trajectory = readonly { date: IsoDate; value: number }[];

/** Local standards the SQL reads (from ks_setting, with these defaults). */
export interface IndicatorParameters {
  /** Working days allowed between visits to a child on a child protection plan (no national rule; commonly 10). */
  cpVisitWorkingDays: number;
  /** Working days allowed between visits to a child on a child in need plan (local; commonly 20). */
  cinVisitWorkingDays: number;
  /** Caseload threshold (caseload indicators). */
  caseloadThreshold: number;
  /** The council's target for a disabled child's wait from referral to completed assessment, in working days (default 45). */
  disabledAssessmentWaitWorkingDays: number;
  /** The council's target for the wait from a completed assessment to the start of the service decided, in working days (default 20). */
  disabledServiceWaitWorkingDays: number;
}

interface Common {
  id: string;
  family: Family;
  serviceArea: ServiceArea;
  title: string;
  /** Plain English: what is counted, when, and the choices made (e.g. which DfE definition). */
  definition: string;
  numerator: string;
  denominator: string | null;
  unit: Unit;
  polarity: Polarity;
  /** Default target (a council may set its own later); null: no target. */
  target: number | null;
  trajectory?: Trajectory;
  window: Window;
  breakdowns: readonly Breakdown[];
  /** DfE / Ofsted source of the definition. */
  source: string;
  /**
   * For a figure DfE publishes (and Keystone benchmarks against): the DfE publication whose
   * definition it follows, and which reading Keystone takes where DfE's text leaves room
   * (catalogue/dfe.ts). Shown on the definition panel.
   */
  dfe?: DfeDefinition;
}

export interface DfeDefinition {
  publication: string;
  url: string;
  /** DfE's rule, in brief. */
  rule: string;
  /** Keystone's reading where DfE's text leaves room, and why. */
  reading: string;
}

/**
 * An indicator counted by SQL. `units` returns a SELECT over the CTE
 *   days(as_of date, month_from date, year_from date)
 * (month_from / year_from: first day of the month / 12 months ending on as_of) giving one row per
 * unit counted (a child, a referral, a visit…):
 *   as_of date, child_id text (null when not about a child), ref_date date (the day the unit is
 *   attributed to a team on), team_hint text (team recorded on the record, used when the child has no
 *   allocated worker that day), numerator int, denominator int.
 * The engine sums numerator and denominator per as_of (and per team, age band…); drill-down lists
 * the same rows' children. So a page, the CLI and a drill-down all read one definition.
 */
export interface SqlIndicator extends Common {
  kind: 'sql';
  units: (parameters: IndicatorParameters) => RawBuilder<unknown>;
}

/** A caseload figure: computed by src/caseloads/rules.ts (caseloadsOn / caseloadTrend), never here. */
export interface CaseloadIndicator extends Common {
  kind: 'caseload';
  measure: 'workers' | 'cases' | 'average' | 'over_threshold_pct';
}

export type IndicatorDefinition = SqlIndicator | CaseloadIndicator;
