/**
 * SQL building blocks the catalogue shares, each a plain SELECT an analyst can read.
 * They may read the CTE days(as_of, month_from, year_from) that the engine defines.
 * Periods are half-open everywhere: in effect on day D when start <= D and (end is null or end > D).
 *
 * The blocks made with `shared` are CTEs: an indicator reads `(${lookedAfterOn})`, which is
 * `SELECT * FROM looked_after_on`, and the engine defines looked_after_on in the query's WITH list
 * (SHARED_BLOCKS, in order: a block reads only blocks defined before it). When the engine computes
 * several indicators in one query, a block they share is computed once.
 */
import { sql, type RawBuilder } from 'kysely';
import { ALLOCATIONS, mappedCode } from '../core/allocations.ts';

export interface SharedBlock {
  name: string;
  definition: RawBuilder<unknown>;
}
export const SHARED_BLOCKS: SharedBlock[] = [];

/** Registers a shared block and returns what an indicator reads: SELECT * FROM name. */
function shared(name: string, definition: RawBuilder<unknown>): RawBuilder<unknown> {
  SHARED_BLOCKS.push({ name, definition });
  return sql.raw(`SELECT * FROM ${name}`);
}

/** A date's month index (year × 12 + month): the engine gives at most one as-of date per calendar month. */
const monthIndex = (date: string) => `(extract(year FROM ${date})::int * 12 + extract(month FROM ${date})::int)`;

/**
 * Joins, to the row before it, every as-of date d on which the period [start, end) is in effect
 * (start <= d and (end is null or end > d)). Same meaning as
 *   JOIN days d ON start <= d.as_of AND (end IS NULL OR end > d.as_of)
 * but it only visits the months the period spans, so the work grows with the rows produced,
 * not with periods × dates.
 */
export function inEffectOn(start: string, end: string): RawBuilder<unknown> {
  return sql.raw(`
    CROSS JOIN LATERAL generate_series(greatest(${monthIndex(start)}, (SELECT min(month_index) FROM days)),
                                       least(coalesce(${monthIndex(end)}, 2147483647), (SELECT max(month_index) FROM days))) AS in_effect(month_index)
    JOIN days d ON d.month_index = in_effect.month_index AND d.as_of >= ${start} AND (${end} IS NULL OR d.as_of < ${end})`);
}

/**
 * Joins the as-of date d whose month window holds the value of an indexed date or timestamp column:
 * JOIN days d ON column BETWEEN d.month_from AND d.as_of (for a timestamp: from the start of
 * month_from to the end of as_of). The planner walks the column's index once per date.
 */
export function inMonthOfColumn(column: string, timestamp = false): RawBuilder<unknown> {
  return sql.raw(
    timestamp
      ? `JOIN days d ON ${column} >= d.month_from::timestamp AND ${column} < (d.as_of + 1)::timestamp`
      : `JOIN days d ON ${column} BETWEEN d.month_from AND d.as_of`,
  );
}

/**
 * Joins the as-of date d whose month window holds the date (d.month_from <= date <= d.as_of). Same
 * meaning as JOIN days d ON date BETWEEN d.month_from AND d.as_of, by equality on the month index
 * (the window of an as-of date in month m starts in month m or m − 1).
 */
export function inMonthOf(date: string): RawBuilder<unknown> {
  return sql.raw(`
    CROSS JOIN LATERAL (VALUES (${monthIndex(date)}), (${monthIndex(date)} + 1)) AS in_month(month_index)
    JOIN days d ON d.month_index = in_month.month_index AND (${date})::date BETWEEN d.month_from AND d.as_of`);
}

/**
 * Children allocated (src/core/allocations.ts) to a case-holding worker on each as-of date, one row each (a child allocated to
 * two workers counts once), with the team recorded on the allocations (the first by name).
 */
export const allocatedOn = shared(
  'allocated_on',
  sql`
  SELECT d.as_of, d.year_from, i.invo_person_id AS child_id, min(i.invo_professional_team) AS team_hint
  FROM ${ALLOCATIONS} i ${inEffectOn('i.invo_involvement_start_date', 'i.invo_involvement_end_date')}
  GROUP BY d.as_of, d.year_from, i.invo_person_id`,
);

/**
 * Periods of care: a child's looked-after episodes that follow on without a gap (one starts on or
 * before the day the previous one ends) form one period of care, as SSDA903 counts them.
 * child_id, period_start, period_end (null while open), period_no (1 = the child's first period).
 * A child who leaves care and comes back later has two periods.
 */
export const carePeriodsQuery = sql`
  SELECT child_id, period_no, min(start_date) AS period_start,
         CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS period_end
  FROM (
    SELECT child_id, start_date, end_date,
           sum(starts_period) OVER (PARTITION BY child_id ORDER BY start_date, episode_id) AS period_no
    FROM (
      SELECT clae_person_id AS child_id, clae_cla_episode_id AS episode_id,
             clae_cla_episode_start_date AS start_date, clae_cla_episode_ceased_date AS end_date,
             CASE WHEN max(coalesce(clae_cla_episode_ceased_date, 'infinity'::date)) OVER (
                         PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date, clae_cla_episode_id
                         ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) >= clae_cla_episode_start_date
                  THEN 0 ELSE 1 END AS starts_period
      FROM ssd_cla_episodes
    ) episodes
  ) numbered
  GROUP BY child_id, period_no`;
export const carePeriods = shared('care_periods', carePeriodsQuery);

/** Children looked after on each as-of date, one row each: the period of care in effect. */
export const lookedAfterOn = shared(
  'looked_after_on',
  sql`
  SELECT d.as_of, d.month_from, d.year_from, p.child_id, p.period_start, p.period_end, p.period_no
  FROM (${carePeriods}) p
  ${inEffectOn('p.period_start', 'p.period_end')}`,
);

/** The placement in effect for each child looked after on each as-of date (latest-started if several); its type after the council's local codes. */
export const placementOn = shared(
  'placement_on',
  sql`
  SELECT DISTINCT ON (l.as_of, l.child_id) l.*, pl.clap_cla_placement_id AS placement_id, ${mappedCode('placement_type', sql`pl.clap_cla_placement_type`)} AS placement_type,
         pl.clap_cla_placement_start_date AS placement_start, pl.clap_cla_placement_distance AS distance_miles
  FROM (${lookedAfterOn}) l
  LEFT JOIN ssd_cla_placement pl
    ON pl.clap_person_id = l.child_id
   AND pl.clap_cla_placement_start_date <= l.as_of
   AND (pl.clap_cla_placement_end_date IS NULL OR pl.clap_cla_placement_end_date > l.as_of)
  ORDER BY l.as_of, l.child_id, pl.clap_cla_placement_start_date DESC NULLS LAST, pl.clap_cla_placement_id DESC`,
);

/** Children with a child protection plan in effect on each as-of date (one row per child). */
export const onCpPlan = shared(
  'on_cp_plan',
  sql`
  SELECT DISTINCT ON (d.as_of, p.cppl_person_id) d.as_of, d.month_from, d.year_from, p.cppl_person_id AS child_id,
         p.cppl_cp_plan_id AS plan_id, p.cppl_cp_plan_start_date AS plan_start
  FROM ssd_cp_plans p
  ${inEffectOn('p.cppl_cp_plan_start_date', 'p.cppl_cp_plan_end_date')}
  ORDER BY d.as_of, p.cppl_person_id, p.cppl_cp_plan_start_date DESC, p.cppl_cp_plan_id DESC`,
);

/** Children with a child in need plan in effect on each as-of date (one row per child). */
export const onCinPlan = shared(
  'on_cin_plan',
  sql`
  SELECT DISTINCT ON (d.as_of, p.cinp_person_id) d.as_of, p.cinp_person_id AS child_id, p.cinp_cin_plan_start_date AS plan_start,
         p.cinp_cin_plan_team AS team_hint
  FROM ssd_cin_plans p
  ${inEffectOn('p.cinp_cin_plan_start_date', 'p.cinp_cin_plan_end_date')}
  ORDER BY d.as_of, p.cinp_person_id, p.cinp_cin_plan_start_date DESC`,
);

/** Care leavers aged 19, 20 or 21 on each as-of date who had left care by then (DfE's 19–21 cohort). */
export const careLeavers19to21 = shared(
  'care_leavers_19_to_21',
  sql`
  SELECT d.as_of, cl.clea_person_id AS child_id, cl.clea_care_leaver_in_touch AS in_touch,
         cl.clea_care_leaver_accom_suitable AS accommodation_suitable, cl.clea_care_leaver_activity AS activity,
         cl.clea_pathway_plan_review_date AS pathway_review, cl.clea_care_leaver_allocated_team AS team_hint
  FROM days d
  JOIN ssd_care_leavers cl ON true
  JOIN ssd_person p ON p.pers_person_id = cl.clea_person_id
  WHERE d.as_of >= (p.pers_dob + interval '19 years')::date
    AND d.as_of < (p.pers_dob + interval '22 years')::date
    AND EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = cl.clea_person_id AND e.clae_cla_episode_ceased_date <= d.as_of)`,
);

/** A missing episode, not an "away from placement without authorisation" one (type A). */
export const isMissingEpisode = (alias: string) =>
  sql.raw(`coalesce(upper(${alias}.miss_missing_episode_type), 'M') NOT IN ('A', 'AWAY', 'ABSENCE', 'ABSENT')`);
