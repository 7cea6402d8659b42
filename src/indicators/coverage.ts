/**
 * Data coverage: for each source (an SSD table, or the part of one a return fills) Keystone knows
 * which months it holds data for, and each indicator names the sources it requires (REQUIRES). A
 * figure whose required source holds no data for its period is *not available*: value null with a
 * reason, never 0, and no SPC or target verdict. Partly covered (the source's data start or end
 * inside the figure's window) is computed and marked as partial.
 *
 * A source's months run from the month of its earliest date to the month of its latest (dates of
 * both ends of a period count), so an SSDA903 return for April–March covers April to March, and a
 * return without visits covers no month of visits. A return's periods count only from the month the
 * first of them ends (completeFromFirstEnd): the episodes open at its start began years before. A
 * source with rows but no dates covers every month.
 * A date after today (a data error, or a date planned) does not extend a source.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { addMonths, monthEnd, type IsoDate } from '../core/dates.ts';
import type { IndicatorDefinition } from './types.ts';

export interface Source {
  label: string;
  /** The relation and, optionally, which of its rows count (SQL). */
  from: string;
  where?: string;
  /** Date expressions whose least / greatest give the source's first and last dates. */
  dates: readonly string[];
  /** For a table of periods: the end column; a period still open holds the source to the end of the data. */
  end?: string;
  /**
   * A statutory return's periods (SSDA903, CIN census, Annex A): the return holds the periods open
   * during its year, including those that began years before, but none that ended before it. So a
   * table written by returns (and by no SSD extract, which holds every period) is complete only from
   * the month its first period ends: before that, a count would miss every child whose period had
   * ended (a 2017-18 903 return's episodes begin in 2015, its first ends in April 2017). With none
   * ended (an Annex A list of open cases) it is a snapshot: complete from the month of its latest start.
   */
  completeFromFirstEnd?: true;
  /** What to do when the source is empty (shown after the reason). */
  hint?: string;
}

export const SOURCES = {
  contacts: { label: 'contacts', from: 'ssd_contacts', dates: ['cont_contact_date::date'] },
  referrals: {
    label: 'referrals',
    from: 'ssd_cin_episodes',
    dates: ['cine_referral_date', 'cine_close_date'],
    end: 'cine_close_date',
    completeFromFirstEnd: true,
  },
  referral_decisions: {
    label: 'referral decision dates',
    from: 'ssd_cin_episodes',
    where: 'cine_decision_date IS NOT NULL',
    dates: ['cine_referral_date'],
    hint: 'the CIN census does not carry them; an SSD extract does (cine_decision_date)',
  },
  assessments: { label: 'assessments', from: 'ssd_cin_assessments', dates: ['cina_assessment_start_date', 'cina_assessment_auth_date'] },
  s47: {
    label: 'section 47 enquiries',
    from: 'ssd_s47_enquiry',
    dates: ['s47e_s47_start_date', 's47e_s47_end_date'],
    end: 's47e_s47_end_date',
    completeFromFirstEnd: true,
  },
  icpc: { label: 'initial child protection conferences', from: 'ssd_initial_cp_conference', dates: ['icpc_icpc_date'] },
  cp_plans: {
    label: 'child protection plans',
    from: 'ssd_cp_plans',
    dates: ['cppl_cp_plan_start_date', 'cppl_cp_plan_end_date'],
    end: 'cppl_cp_plan_end_date',
    completeFromFirstEnd: true,
  },
  cp_visits: { label: 'visits to children on child protection plans', from: 'ssd_cp_visits', dates: ['cppv_cp_visit_date'] },
  cp_reviews: { label: 'child protection reviews', from: 'ssd_cp_reviews', dates: ['cppr_cp_review_date'] },
  cin_plans: {
    label: 'child in need plans',
    from: 'ssd_cin_plans',
    dates: ['cinp_cin_plan_start_date', 'cinp_cin_plan_end_date'],
    end: 'cinp_cin_plan_end_date',
    completeFromFirstEnd: true,
  },
  cin_visits: { label: 'visits to children on child in need plans', from: 'ssd_cin_visits', dates: ['cinv_cin_visit_date::date'] },
  cla_episodes: {
    label: 'looked-after episodes',
    from: 'ssd_cla_episodes',
    dates: ['clae_cla_episode_start_date', 'clae_cla_episode_ceased_date'],
    end: 'clae_cla_episode_ceased_date',
    completeFromFirstEnd: true,
  },
  cla_placements: {
    label: 'placements',
    from: 'ssd_cla_placement',
    dates: ['clap_cla_placement_start_date', 'clap_cla_placement_end_date'],
    end: 'clap_cla_placement_end_date',
    completeFromFirstEnd: true,
  },
  cla_reviews: { label: 'looked-after reviews', from: 'ssd_cla_reviews', dates: ['clar_cla_review_date'] },
  cla_visits: {
    label: 'visits to looked-after children',
    from: 'ssd_cla_visits',
    dates: ['clav_cla_visit_date::date'],
    hint: 'an SSDA903 return does not carry them',
  },
  cla_health: { label: 'health assessments and dental checks', from: 'ssd_cla_health', dates: ['clah_health_check_date'] },
  missing: { label: 'missing episodes', from: 'ssd_missing', dates: ['miss_missing_episode_start_date::date', 'miss_missing_episode_end_date::date'] },
  rhi: {
    label: 'return home interview offers',
    from: 'ssd_missing',
    where: 'miss_missing_rhi_offered IS NOT NULL OR miss_missing_rhi_offered_date IS NOT NULL',
    dates: ['miss_missing_episode_start_date::date'],
    hint: 'an SSDA903 return does not carry them',
  },
  care_leavers: { label: 'care leavers', from: 'ssd_care_leavers', dates: ['clea_care_leaver_latest_contact', 'clea_oc3_year_end'] },
  allocations: {
    label: 'allocations to case-holding workers',
    from: 'ks_allocation',
    dates: ['invo_involvement_start_date', 'invo_involvement_end_date'],
    end: 'invo_involvement_end_date',
    hint: 'no involvement has a worker role mapped as case-holding: map the roles the data hold on the Local codes page',
  },
  memberships: { label: 'team memberships of workers', from: 'ks_team_membership', dates: ['memb_start_date', 'memb_end_date'], end: 'memb_end_date' },
  plan_actions: { label: 'plan actions', from: 'ks_child_plan_action', dates: ['plac_action_recorded_date'] },
  ehcp_requests: {
    label: 'EHCP requests',
    from: 'ssd_ehcp_requests',
    dates: ['ehcr_ehcp_req_date', 'ehcr_ehcp_req_outcome_date'],
    hint: 'load the SSD’s ssd_ehcp_* and ssd_send tables',
  },
  ehcp_plans: {
    label: 'EHC plans issued',
    from: 'ssd_ehcp_named_plan',
    dates: ['ehcn_named_plan_start_date'],
    hint: 'load the SSD’s ssd_ehcp_* and ssd_send tables',
  },
} as const satisfies Record<string, Source>;
export type SourceId = keyof typeof SOURCES;

/**
 * What each indicator requires (its catalogue entry's inputs): every source its numerator or
 * denominator counts from. An indicator not listed requires nothing Keystone can check.
 */
export const REQUIRES: Readonly<Record<string, readonly SourceId[]>> = {
  'demand.contacts': ['contacts'],
  'demand.referrals': ['referrals'],
  'demand.re_referrals_pct': ['referrals'],
  'demand.referrals_nfa_pct': ['referrals'],
  'demand.open_cases': ['allocations'],
  'demand.children_in_need': ['referrals'],
  'demand.children_in_need_per_10k': ['referrals'],
  'demand.cp_plans': ['cp_plans'],
  'demand.cp_plans_per_10k': ['cp_plans'],
  'demand.looked_after': ['cla_episodes'],
  'demand.looked_after_per_10k': ['cla_episodes'],
  'demand.looked_after_including_short_breaks': ['cla_episodes'],
  'demand.care_leavers': ['care_leavers'],
  'demand.care_starts': ['cla_episodes'],
  'demand.care_ends': ['cla_episodes'],
  'demand.s47_enquiries': ['s47'],
  'demand.cp_plans_started': ['cp_plans'],
  'demand.assessments_completed': ['assessments'],
  'timeliness.referral_decision_1wd_pct': ['referrals', 'referral_decisions'],
  'timeliness.assessments_45wd_pct': ['assessments'],
  'timeliness.assessments_45wd_from_referral_pct': ['assessments', 'referrals'],
  'timeliness.assessments_open_over_45wd': ['assessments'],
  'timeliness.assessments_negative_duration': ['assessments'],
  'timeliness.icpc_15wd_pct': ['s47', 'icpc'],
  'timeliness.icpc_untimed': ['icpc'],
  'timeliness.cp_reviews_on_time_pct': ['cp_plans', 'cp_reviews'],
  'timeliness.cp_reviews_overdue': ['cp_plans', 'cp_reviews'],
  'timeliness.cp_visits_pct': ['cp_plans', 'cp_visits'],
  'timeliness.cla_first_review_20wd_pct': ['cla_episodes', 'cla_reviews'],
  'timeliness.cla_reviews_on_time_pct': ['cla_episodes', 'cla_reviews'],
  'timeliness.cla_reviews_overdue': ['cla_episodes', 'cla_reviews'],
  'timeliness.cla_visits_pct': ['cla_episodes', 'cla_visits'],
  'timeliness.cla_placement_visit_1wk_pct': ['cla_placements', 'cla_visits'],
  'timeliness.initial_health_assessment_20wd_pct': ['cla_episodes', 'cla_health'],
  'timeliness.health_assessments_pct': ['cla_episodes', 'cla_health'],
  'timeliness.dental_checks_pct': ['cla_episodes', 'cla_health'],
  'timeliness.rhi_offered_72h_pct': ['missing', 'rhi'],
  'stability.three_placements_pct': ['cla_episodes', 'cla_placements'],
  'stability.long_term_pct': ['cla_episodes', 'cla_placements'],
  'stability.three_social_workers_pct': ['cla_episodes', 'allocations'],
  'stability.worker_changes_per_child': ['allocations'],
  'stability.placed_over_20_miles_pct': ['cla_episodes', 'cla_placements'],
  'stability.residential_pct': ['cla_episodes', 'cla_placements'],
  'stability.emergency_weekend_pct': ['cla_episodes'],
  'stability.care_reentry_12m_pct': ['cla_episodes'],
  'stability.placement_moves': ['cla_placements'],
  'missing.children': ['missing'],
  'missing.episodes': ['missing'],
  'missing.repeat_pct': ['missing'],
  'missing.rhi_offered_pct': ['missing', 'rhi'],
  'missing.rhi_accepted_pct': ['missing', 'rhi'],
  'missing.looked_after_pct': ['cla_episodes', 'missing'],
  'plans.cp_two_years_pct': ['cp_plans'],
  'plans.cp_repeat_pct': ['cp_plans'],
  'plans.cp_repeat_2y_pct': ['cp_plans'],
  'plans.cin_plans': ['cin_plans'],
  'plans.cin_visits_pct': ['cin_plans', 'cin_visits'],
  'plans.actions_dated_pct': ['plan_actions'],
  'care_leavers.in_touch_pct': ['care_leavers'],
  'care_leavers.suitable_accommodation_pct': ['care_leavers'],
  'care_leavers.eet_pct': ['care_leavers'],
  'care_leavers.pathway_plan_reviewed_pct': ['care_leavers'],
  'disabled.children_in_need': ['referrals'],
  'disabled.share_of_children_in_need_pct': ['referrals'],
  'disabled.waiting_for_assessment': ['referrals'],
  'disabled.assessment_wait_within_target_pct': ['referrals', 'assessments'],
  'disabled.assessment_wait_average_wd': ['referrals', 'assessments'],
  'disabled.waiting_for_service': ['referrals', 'assessments'],
  'disabled.service_wait_within_target_pct': ['referrals', 'assessments'],
  'disabled.short_breaks_children': ['cla_episodes'],
  'disabled.short_break_nights_per_child': ['cla_episodes'],
  'disabled.short_break_stays_per_child': ['cla_episodes'],
  'disabled.short_breaks_started': ['cla_episodes'],
  'disabled.short_breaks_ended': ['cla_episodes'],
  'disabled.series_became_looked_after': ['cla_episodes'],
  'disabled.ehcp_requests_decided_6_weeks_pct': ['ehcp_requests'],
  'disabled.ehcp_20_weeks_pct': ['ehcp_plans'],
  'disabled.ehcp_20_weeks_with_exceptions_pct': ['ehcp_plans'],
  'disabled.ehcp_20_weeks_known_to_social_care_pct': ['ehcp_plans'],
  'disabled.young_people_14_to_17': ['referrals'],
  'caseload.average': ['allocations', 'memberships'],
  'caseload.over_threshold_pct': ['allocations', 'memberships'],
  'caseload.workers': ['memberships'],
  'caseload.cases': ['allocations'],
  'workforce.agency_pct': ['memberships'],
  'workforce.turnover_pct': ['memberships'],
};

/**
 * Months of history a figure reads before its own month (or 12 months): in care 2½ years (long-term
 * stability), a previous referral, period of care or plan within 12 months or 2 years. Data that begin
 * later give a partial figure: the earlier referral, period or placement is not there to be found.
 */
export const LOOKS_BACK_MONTHS: Readonly<Record<string, number>> = {
  'stability.long_term_pct': 30,
  'stability.care_reentry_12m_pct': 12,
  'demand.re_referrals_pct': 12,
  'plans.cp_repeat_2y_pct': 24,
};

/** Whether a figure's data are there: none (not available), partial (part of its window), or full. */
export interface Coverage {
  status: 'none' | 'partial';
  /** Plain English, e.g. "Keystone holds no visits to looked-after children (ssd_cla_visits): an SSDA903 return does not carry them". */
  reason: string;
}

/** Each source's first and last month held (YYYY-MM-01), or null when it holds no rows; undated: both null with rows. */
export type SourceRanges = Record<SourceId, { rows: number; first: IsoDate | null; last: IsoDate | null; completeFrom?: IsoDate }>;

/** The first month a source's figures can be counted from: its first month, or later where it is complete only from its first period's end. */
const countedFrom = (range: SourceRanges[SourceId]): IsoDate | null =>
  range.first !== null && range.completeFrom !== undefined && range.completeFrom > range.first ? range.completeFrom : range.first;

/** The imports whose rows hold only the periods open during a collection year. */
const RETURN_FORMATS = ['903', 'cin', 'annex-a'];
/** Whether an import of one of these formats wrote rows of the table (ks_row_source: the import that last wrote each row). */
const writtenBy = (table: string, formats: readonly string[]) =>
  `EXISTS (SELECT 1 FROM ks_import i JOIN ks_row_source rs ON rs.import_id = i.import_id AND rs.table_name = '${table}' WHERE i.format IN (${formats.map((format) => `'${format}'`).join(', ')}))`;

/** The month a source's data run to: its latest date, or, while one of its periods is open, the latest month of any source. */

export async function sourceRanges(database: Database): Promise<SourceRanges> {
  const parts = Object.entries(SOURCES).map(([id, source]: [string, Source]) => {
    const where = 'where' in source && source.where ? `WHERE ${source.where}` : '';
    const least = source.dates.length > 1 ? `least(${source.dates.join(', ')})` : source.dates[0];
    const greatest = source.dates.length > 1 ? `greatest(${source.dates.join(', ')})` : source.dates[0];
    const open = source.end ? `coalesce(bool_or(${source.end} IS NULL), false)` : 'false';
    const completeFrom =
      'completeFromFirstEnd' in source && source.end
        ? `CASE WHEN ${writtenBy(source.from, RETURN_FORMATS)} AND NOT ${writtenBy(source.from, ['ssd'])} THEN date_trunc('month', coalesce(min(${source.end}), max(${source.dates[0]})))::date::text END`
        : 'NULL';
    return `SELECT '${id}' AS id, count(*)::int AS rows, date_trunc('month', min(${least}))::date::text AS first, date_trunc('month', max(${greatest}) FILTER (WHERE ${greatest} <= current_date))::date::text AS last, ${open} AS open, ${completeFrom} AS complete_from FROM ${source.from} ${where}`;
  });
  const rows = await database.db.transaction().execute(async (trx) => {
    // Without parallel workers: each is a process of its own that loads the catalogue for every table read, which
    // costs more than it saves here (10,000-child county: 100–120 ms of PostgreSQL's processor time with two, 30–40 ms without).
    await sql`SET LOCAL max_parallel_workers_per_gather = 0`.execute(trx);
    return sql<{
      id: SourceId;
      rows: number;
      first: IsoDate | null;
      last: IsoDate | null;
      open: boolean;
      complete_from: IsoDate | null;
    }>`${sql.raw(parts.join('\nUNION ALL\n'))}`.execute(trx);
  });
  const dataEnd = rows.rows.reduce<IsoDate | null>((latest, row) => (row.last !== null && (latest === null || row.last > latest) ? row.last : latest), null);
  return Object.fromEntries(
    rows.rows.map((row) => [
      row.id,
      { rows: row.rows, first: row.first, last: row.open ? dataEnd : row.last, ...(row.complete_from ? { completeFrom: row.complete_from } : {}) },
    ]),
  ) as SourceRanges;
}

/**
 * The month-end the data are about: of the months the sources end in (and the month before each), the
 * latest at which the most figures have their data. A stray date years ahead in one table (a review
 * dated 2030 in a 2017-18 return) does not move it.
 */
export function dataMonth(ranges: SourceRanges, indicators: readonly Pick<IndicatorDefinition, 'id' | 'window'>[]): IsoDate | null {
  const candidates = [...new Set(Object.values(ranges).flatMap((range) => (range.last ? [range.last, addMonths(range.last, -1)] : [])))].sort().reverse();
  let best: { month: IsoDate; supported: number } | null = null;
  for (const month of candidates) {
    const asOf = monthEnd(month);
    const supported = indicators.filter((indicator) => coverageOn(indicator, asOf, ranges)?.status !== 'none').length;
    if (!best || supported > best.supported) best = { month: asOf, supported };
  }
  return best?.month ?? null;
}

/** The months the sources hold ({ first day, last: dataMonth }), for data without allocations (an SSDA903 return alone). */
export async function heldRange(
  database: Database,
  indicators: readonly Pick<IndicatorDefinition, 'id' | 'window'>[],
): Promise<{ first: IsoDate; last: IsoDate } | undefined> {
  const ranges = await sourceRanges(database);
  const firsts = Object.values(ranges)
    .flatMap((range) => {
      const first = countedFrom(range);
      return first ? [first] : [];
    })
    .sort();
  const last = dataMonth(ranges, indicators);
  return firsts.length && last ? { first: firsts[0]!, last } : undefined;
}

const monthName = (month: IsoDate) => new Date(`${month}T12:00:00Z`).toLocaleDateString('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });
const sourceName = (id: SourceId) => `${SOURCES[id].label} (${SOURCES[id].from})`;

/** The coverage of an indicator's figure on an as-of date, or undefined when its data are all there. */
export function coverageOn(indicator: Pick<IndicatorDefinition, 'id' | 'window'>, asOf: IsoDate, ranges: SourceRanges): Coverage | undefined {
  const month = `${asOf.slice(0, 8)}01`;
  const history = LOOKS_BACK_MONTHS[indicator.id];
  const windowStart = history ? addMonths(month, -history) : indicator.window === '12 months' ? addMonths(month, -11) : month;
  const counted = history ? `${history} months it looks back over` : indicator.window === '12 months' ? '12 months counted' : 'month counted';
  const missing: string[] = [];
  const partial: string[] = [];
  for (const id of REQUIRES[indicator.id] ?? []) {
    const range = ranges[id];
    const source: Source = SOURCES[id];
    const first = range ? countedFrom(range) : null;
    // Periods that began earlier are held, but not those that ended before the first end held.
    const why =
      range && first !== range.first ? ` (none held ended before ${monthName(first!)}, so earlier months would miss every child whose period had ended)` : '';
    if (!range || range.rows === 0) {
      missing.push(`Keystone holds no ${sourceName(id)}${source.hint ? `: ${source.hint}` : ''}`);
    } else if (first === null || range.last === null) {
      continue;
    } else if (range.last < windowStart || first > month) {
      missing.push(`${sourceName(id)} are held for ${monthName(first)} to ${monthName(range.last)} only${why}`);
    } else if (first > windowStart || range.last < month) {
      partial.push(`${sourceName(id)} are held for ${monthName(first)} to ${monthName(range.last)}, part of the ${counted}${why}`);
    }
  }
  if (missing.length) return { status: 'none', reason: `${missing.join('; ')}.` };
  if (partial.length) return { status: 'partial', reason: `${partial.join('; ')}.` };
  return undefined;
}

/** The figure's text on a page or in a report when it is not available: "No data: …". */
export function notAvailableText(coverage: Coverage): string {
  return `No data: ${coverage.reason}`;
}
