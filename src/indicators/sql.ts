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

/** Registers a shared block and returns what an indicator reads: SELECT * FROM name. A catalogue module may register its own (after this file's). */
export function shared(name: string, definition: RawBuilder<unknown>): RawBuilder<unknown> {
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
 * One row per as-of date and child from `rows` (a SELECT with child_id, start_date, end_date and the
 * columns the lists read, alias r), on each date d on which a row is in effect: the same as
 *   SELECT ${dates}, r.child_id, ${grouped} FROM (rows) r JOIN days d ON (in effect) GROUP BY ${dates}, r.child_id
 * or, with `overlapping` { latestBy }, the same as
 *   SELECT DISTINCT ON (d.as_of, r.child_id) ${dates}, r.child_id, ${alone} FROM (rows) r JOIN days d ON (in effect)
 *   ORDER BY d.as_of, r.child_id, ${latestBy}
 * but a row that overlaps no other row of its child is the only one in effect on each of its dates,
 * so its columns are `alone` (the aggregates of one row), and only the few rows that overlap are grouped (or sorted).
 */
function onePerChildOn(rows: RawBuilder<unknown>, dates: string, alone: string, overlapping: string | { latestBy: string }): RawBuilder<unknown> {
  const columns = sql.raw(dates);
  const picked =
    typeof overlapping === 'string'
      ? sql`SELECT ${columns}, r.child_id, ${sql.raw(overlapping)} FROM r ${inEffectOn('r.start_date', 'r.end_date')} WHERE r.overlapping
    GROUP BY ${columns}, r.child_id`
      : sql`(SELECT DISTINCT ON (d.as_of, r.child_id) ${columns}, r.child_id, ${sql.raw(alone)}
     FROM r ${inEffectOn('r.start_date', 'r.end_date')} WHERE r.overlapping
     ORDER BY d.as_of, r.child_id, ${sql.raw(overlapping.latestBy)})`;
  return sql`
  SELECT * FROM (
    WITH r AS MATERIALIZED (
      SELECT x.*, coalesce(max(coalesce(x.end_date, 'infinity'::date)) OVER w_before > x.start_date, false)
                  OR coalesce(lead(x.start_date) OVER w < coalesce(x.end_date, 'infinity'::date), false) AS overlapping
      FROM (${rows}) x
      WINDOW w AS (PARTITION BY x.child_id ORDER BY x.start_date), w_before AS (w ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING))
    SELECT ${columns}, r.child_id, ${sql.raw(alone)} FROM r ${inEffectOn('r.start_date', 'r.end_date')} WHERE NOT r.overlapping
    UNION ALL
    ${picked}) one_per_child`;
}

/**
 * Children allocated (src/core/allocations.ts) to a case-holding worker on each as-of date, one row each (a child allocated to
 * two workers counts once), with the team recorded on the allocations (the first by name).
 */
export const allocatedOn = shared(
  'allocated_on',
  onePerChildOn(
    sql`SELECT invo_person_id AS child_id, invo_involvement_start_date AS start_date, invo_involvement_end_date AS end_date,
               invo_professional_team AS team FROM ${ALLOCATIONS}`,
    'd.as_of, d.year_from',
    'r.team AS team_hint',
    'min(r.team) AS team_hint',
  ),
);

/** SSDA903 legal statuses of an agreed series of short-term placements (short breaks): DfE leaves them out of every figure it publishes. */
export const SHORT_BREAK_LEGAL_STATUSES = ['V3', 'V4'] as const;
/** Whether a recorded legal status (after the council's local codes) is a short break; false when none is recorded. */
export const isShortBreak = (column: string) =>
  sql`coalesce(upper(${mappedCode('legal_status', sql.raw(column))}) IN (${sql.join([...SHORT_BREAK_LEGAL_STATUSES])}), false)`;
/** SSDA903 placement types of a child placed for adoption. */
export const ADOPTION_PLACEMENT_TYPES = ['A3', 'A4', 'A5', 'A6'] as const;
/** SSDA903 temporary placement types (holidays, short absences, hospital): not counted as placements. */
export const TEMPORARY_PLACEMENT_TYPES = ['T0', 'T1', 'T2', 'T3', 'T4'] as const;

/**
 * Periods of care by DfE's rules (SSDA903 guidance; "Children looked after in England including
 * adoptions", methodology): an episode starts a new period when its reason for new episode (RNE) is
 * S, when the previous episode ended for a reason other than X1 (X1: the episode ends and another
 * begins the same day), or when it does not follow on from the previous episode (a gap). Episodes
 * without reasons (an SSD extract that does not carry them) are joined when they follow on.
 * child_id, period_no (1 = the child's first period in the data), period_start, period_end (null
 * while open), start_known (false when the first episode in the data is not RNE S: the child's care
 * began before the data, so period_start is only the first date the data show), first_legal_status,
 * last_legal_status, last_ceased_reason, ceased (the period ended by DfE's rule: its last episode
 * has a ceased date and a reason other than X1). Every first and last is taken in the one order
 * (element 1, element count(*)), so PostgreSQL sorts the episodes once instead of once per period.
 */
export const carePeriodsQuery = sql`
  SELECT child_id, period_no, min(start_date) AS period_start,
         CASE WHEN bool_or(end_date IS NULL) THEN NULL ELSE max(end_date) END AS period_end,
         coalesce((array_agg(start_reason ORDER BY start_date, episode_id))[1], 'S') = 'S' AS start_known,
         (array_agg(legal_status ORDER BY start_date, episode_id))[1] AS first_legal_status,
         (array_agg(legal_status ORDER BY start_date, episode_id))[count(*)] AS last_legal_status,
         (array_agg(ceased_reason ORDER BY start_date, episode_id))[count(*)] AS last_ceased_reason,
         NOT bool_or(end_date IS NULL) AND coalesce((array_agg(ceased_reason ORDER BY start_date, episode_id))[count(*)], '') <> 'X1' AS ceased
  FROM (
    SELECT child_id, episode_id, start_date, end_date, start_reason, ceased_reason, legal_status,
           sum(starts_period) OVER (PARTITION BY child_id ORDER BY start_date, episode_id) AS period_no
    FROM (
      SELECT clae_person_id AS child_id, clae_cla_episode_id AS episode_id,
             clae_cla_episode_start_date AS start_date, clae_cla_episode_ceased_date AS end_date,
             upper(clae_cla_episode_start_reason) AS start_reason, upper(clae_cla_episode_ceased_reason) AS ceased_reason,
             upper(${mappedCode('legal_status', sql`clae_legal_status`)}) AS legal_status,
             CASE WHEN coalesce(max(coalesce(clae_cla_episode_ceased_date, 'infinity'::date)) OVER w_before, '-infinity'::date) < clae_cla_episode_start_date THEN 1
                  WHEN upper(clae_cla_episode_start_reason) = 'S' THEN 1
                  WHEN coalesce(upper(lag(clae_cla_episode_ceased_reason) OVER w_order), 'X1') <> 'X1' THEN 1
                  ELSE 0 END AS starts_period
      FROM ssd_cla_episodes
      WINDOW w_order AS (PARTITION BY clae_person_id ORDER BY clae_cla_episode_start_date, clae_cla_episode_id),
             w_before AS (w_order ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
    ) episodes
  ) numbered
  GROUP BY child_id, period_no`;
export const carePeriods = shared('care_periods', carePeriodsQuery);

/**
 * Whether child c was on a short break (legal status V3 or V4) on date d: the episode open on the
 * date says so, or, for an episode without a legal status, the legal status history does.
 */
export const onShortBreak = (child: string, date: string) => sql`EXISTS (
    SELECT 1 FROM ssd_cla_episodes sb_e
    WHERE sb_e.clae_person_id = ${sql.raw(child)} AND sb_e.clae_cla_episode_start_date <= ${sql.raw(date)}
      AND (sb_e.clae_cla_episode_ceased_date IS NULL OR sb_e.clae_cla_episode_ceased_date > ${sql.raw(date)})
      AND (${isShortBreak('sb_e.clae_legal_status')}
           OR (sb_e.clae_legal_status IS NULL AND EXISTS (
                 SELECT 1 FROM ssd_legal_status sb_l
                 WHERE sb_l.lega_person_id = ${sql.raw(child)} AND ${isShortBreak('sb_l.lega_legal_status')}
                   AND sb_l.lega_legal_status_start_date <= ${sql.raw(date)}
                   AND (sb_l.lega_legal_status_end_date IS NULL OR sb_l.lega_legal_status_end_date > ${sql.raw(date)})))))`;

/**
 * Every child in a period of care on each as-of date, short breaks included (one row each; when
 * overlapping episodes put a child in two periods, the later-started one): the council's own count,
 * not DfE's. (Built with onePerChildOn it was 2 ms quicker alone but made the looked-after family's query
 * about 20 ms slower at 10,000 children.)
 */
export const inCareOn = shared(
  'in_care_on',
  sql`
  SELECT DISTINCT ON (d.as_of, p.child_id) d.as_of, d.month_from, d.year_from, p.child_id, p.period_start, p.period_end, p.period_no, p.start_known
  FROM (${carePeriods}) p
  ${inEffectOn('p.period_start', 'p.period_end')}
  ORDER BY d.as_of, p.child_id, p.period_start DESC, p.period_no DESC`,
);

/**
 * Children looked after on each as-of date as DfE counts them, one row each: in a period of care on
 * the date and not on a short break (legal status V3 or V4) on it.
 */
export const lookedAfterOn = shared(
  'looked_after_on',
  sql`
  SELECT c.* FROM (${inCareOn}) c
  WHERE NOT ${onShortBreak('c.child_id', 'c.as_of')}`,
);

/**
 * Placements with who cares for the child: a placement whose first episode's reason for new
 * episode is T or U (a change of placement with the same carers, e.g. foster carers becoming
 * adopters) and that follows on from the previous placement continues its carers' run (carer_no);
 * carer_start is when the child began living with those carers. previous_start: the start of the
 * placement just before, when it ended the day this one began (the adoption rule). temporary: a
 * T0–T4 placement (holidays, hospital, short absences). Placement types after the council's local codes.
 */
export const carerPlacements = shared(
  'carer_placements',
  sql`
  SELECT r.*, min(r.placement_start) OVER (PARTITION BY r.child_id, r.carer_no) AS carer_start
  FROM (
    SELECT x.*, sum(CASE WHEN x.same_carer_reason AND x.previous_start IS NOT NULL THEN 0 ELSE 1 END)
                  OVER (PARTITION BY x.child_id ORDER BY x.placement_start, x.placement_id) AS carer_no
    FROM (
      SELECT y.*,
             CASE WHEN lag(y.placement_end) OVER (PARTITION BY y.child_id ORDER BY y.placement_start, y.placement_id) = y.placement_start
                  THEN lag(y.placement_start) OVER (PARTITION BY y.child_id ORDER BY y.placement_start, y.placement_id) END AS previous_start
      FROM (
        SELECT pl.clap_cla_placement_id AS placement_id, pl.clap_person_id AS child_id, pl.clap_cla_placement_start_date AS placement_start,
               pl.clap_cla_placement_end_date AS placement_end, upper(mapped.placement_type) AS placement_type,
               pl.clap_cla_placement_distance AS distance_miles,
               coalesce(first_episode.start_reason IN ('T', 'U'), false) AS same_carer_reason,
               coalesce(upper(mapped.placement_type) IN (${sql.join([...TEMPORARY_PLACEMENT_TYPES])}), false) AS temporary
        FROM ssd_cla_placement pl
        CROSS JOIN LATERAL (SELECT ${mappedCode('placement_type', sql`pl.clap_cla_placement_type`)} AS placement_type) mapped
        -- The first episode (by id) to begin on the placement's start: the episodes sorted once and hash-joined, not looked
        -- up and sorted for each placement (this block alone 40 → 30 ms of PostgreSQL's processor time at 10,000 children).
        LEFT JOIN (
          SELECT DISTINCT ON (e.clae_person_id, e.clae_cla_episode_start_date) e.clae_person_id AS child_id,
                 e.clae_cla_episode_start_date AS start_date, upper(e.clae_cla_episode_start_reason) AS start_reason
          FROM ssd_cla_episodes e
          ORDER BY e.clae_person_id, e.clae_cla_episode_start_date, e.clae_cla_episode_id
        ) first_episode ON first_episode.child_id = pl.clap_person_id AND first_episode.start_date = pl.clap_cla_placement_start_date
        WHERE pl.clap_person_id IS NOT NULL
      ) y
    ) x
  ) r`,
);

/**
 * The placement in effect for each child looked after on each as-of date (latest-started if
 * several), with carer_start (living with the same carers since) and stable_since: carer_start, or
 * for a child placed for adoption (A3–A6) the start of the placement before the adoption placement
 * when that one ran up to it (DfE: "the adoption placement together with the previous placement").
 */
export const placementOn = shared(
  'placement_on',
  sql`
  SELECT DISTINCT ON (l.as_of, l.child_id) l.*, pl.placement_id, pl.placement_type, pl.placement_start, pl.distance_miles, pl.carer_start,
         CASE WHEN pl.placement_type IN (${sql.join([...ADOPTION_PLACEMENT_TYPES])}) AND pl.previous_start IS NOT NULL
              THEN least(pl.carer_start, pl.previous_start) ELSE pl.carer_start END AS stable_since
  FROM (${lookedAfterOn}) l
  LEFT JOIN (${carerPlacements}) pl
    ON pl.child_id = l.child_id
   AND pl.placement_start <= l.as_of
   AND (pl.placement_end IS NULL OR pl.placement_end > l.as_of)
  ORDER BY l.as_of, l.child_id, pl.placement_start DESC NULLS LAST, pl.placement_id DESC`,
);

/**
 * Looked after continuously for at least 12 months on the date (the OC2 cohort, DfE's "looked after
 * continuously"): looked after on the date, in a period of care begun on or before the first day of
 * the 12 months, and on no short break (V3, V4) at any time in those 12 months. With age, and
 * oc2_held: whether the council's SSDA903 return for the year ending on the date carried OC2.
 */
export const lookedAfter12Months = shared(
  'looked_after_12_months',
  sql`
  SELECT l.as_of, l.child_id, l.period_start, date_part('year', age(l.as_of, p.pers_dob)) AS age_years,
         -- A set of year ends hashed once (EXISTS scanned ks_903_oc2 for every row: this block 34 → 11 ms at 10,000 children).
         l.as_of IN (SELECT y.oc2_year_end FROM ks_903_oc2 y) AS oc2_held
  FROM (${lookedAfterOn}) l JOIN ssd_person p ON p.pers_person_id = l.child_id
  WHERE l.period_start <= l.year_from
    AND NOT EXISTS (SELECT 1 FROM ssd_cla_episodes e
                    WHERE e.clae_person_id = l.child_id AND ${isShortBreak('e.clae_legal_status')}
                      AND e.clae_cla_episode_start_date <= l.as_of
                      AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date >= l.year_from))`,
);

/** Children with a child protection plan in effect on each as-of date (one row per child). */
export const onCpPlan = shared(
  'on_cp_plan',
  onePerChildOn(
    sql`SELECT cppl_person_id AS child_id, cppl_cp_plan_start_date AS start_date, cppl_cp_plan_end_date AS end_date, cppl_cp_plan_id AS plan_id
        FROM ssd_cp_plans`,
    'd.as_of, d.month_from, d.year_from',
    'r.plan_id, r.start_date AS plan_start',
    { latestBy: 'r.start_date DESC, r.plan_id DESC' },
  ),
);

/** Children with a child in need plan in effect on each as-of date (one row per child; of plans begun the same day, the last by id). */
export const onCinPlan = shared(
  'on_cin_plan',
  onePerChildOn(
    sql`SELECT cinp_person_id AS child_id, cinp_cin_plan_start_date AS start_date, cinp_cin_plan_end_date AS end_date, cinp_cin_plan_id AS plan_id,
               cinp_cin_plan_team AS team
        FROM ssd_cin_plans`,
    'd.as_of',
    'r.start_date AS plan_start, r.team AS team_hint',
    { latestBy: 'r.start_date DESC, r.plan_id DESC' },
  ),
);

/**
 * Children with a child in need episode open on each as-of date (referred on or before it, not
 * closed by it), one row each: team_hint, the first referral team (by name) of those episodes;
 * not_nfa, whether one of them is not a referral with no further action, and not_nfa_team_hint, the
 * first referral team of those.
 */
export const cinChildrenOn = shared(
  'cin_children_on',
  onePerChildOn(
    sql`SELECT cine_person_id AS child_id, cine_referral_date AS start_date, cine_close_date AS end_date, cine_referral_team AS team,
               coalesce(upper(cine_referral_nfa), 'N') IN ('Y', '1', 'TRUE') AS nfa
        FROM ssd_cin_episodes`,
    'd.as_of',
    'r.team AS team_hint, NOT r.nfa AS not_nfa, CASE WHEN NOT r.nfa THEN r.team END AS not_nfa_team_hint',
    'min(r.team) AS team_hint, bool_or(NOT r.nfa) AS not_nfa, min(r.team) FILTER (WHERE NOT r.nfa) AS not_nfa_team_hint',
  ),
);

/**
 * Care leavers aged 19, 20 or 21 on each as-of date (DfE's 19–21 cohort), one row each. On 31 March
 * of a year whose SSDA903 return carried OC3: that year's OC3 rows of young people aged 19–21 on the
 * date, those recorded as having died (IN_TOUCH DIED) left out. On other dates: each young person's
 * latest record (latest return's OC3 first), for those aged 19–21 who had left care by the date.
 */
export const careLeavers19to21 = shared(
  'care_leavers_19_to_21',
  sql`
  SELECT d.as_of, cl.clea_person_id AS child_id, cl.clea_care_leaver_in_touch AS in_touch,
         cl.clea_care_leaver_accom_suitable AS accommodation_suitable, cl.clea_care_leaver_activity AS activity,
         cl.clea_pathway_plan_review_date AS pathway_review, cl.clea_care_leaver_allocated_team AS team_hint
  FROM days d
  JOIN ssd_care_leavers cl ON cl.clea_oc3_year_end = d.as_of
  JOIN ssd_person p ON p.pers_person_id = cl.clea_person_id
  WHERE d.as_of >= (p.pers_dob + interval '19 years')::date
    AND d.as_of < (p.pers_dob + interval '22 years')::date
    AND upper(coalesce(cl.clea_care_leaver_in_touch, '')) <> 'DIED'
  UNION ALL
  (SELECT DISTINCT ON (d.as_of, cl.clea_person_id) d.as_of, cl.clea_person_id AS child_id, cl.clea_care_leaver_in_touch AS in_touch,
         cl.clea_care_leaver_accom_suitable AS accommodation_suitable, cl.clea_care_leaver_activity AS activity,
         cl.clea_pathway_plan_review_date AS pathway_review, cl.clea_care_leaver_allocated_team AS team_hint
  FROM days d
  JOIN ssd_care_leavers cl ON true
  JOIN ssd_person p ON p.pers_person_id = cl.clea_person_id
  WHERE NOT EXISTS (SELECT 1 FROM ssd_care_leavers y WHERE y.clea_oc3_year_end = d.as_of)
    AND d.as_of >= (p.pers_dob + interval '19 years')::date
    AND d.as_of < (p.pers_dob + interval '22 years')::date
    AND EXISTS (SELECT 1 FROM ssd_cla_episodes e WHERE e.clae_person_id = cl.clea_person_id AND e.clae_cla_episode_ceased_date <= d.as_of)
  ORDER BY d.as_of, cl.clea_person_id, cl.clea_oc3_year_end DESC NULLS LAST, cl.clea_care_leaver_latest_contact DESC NULLS LAST, cl.clea_table_id DESC)`,
);

/** A visits table and its columns (ssd_cp_visits, ssd_cin_visits). */
export interface VisitsTable {
  table: string;
  child: string;
  date: string;
  seen: string;
}

/**
 * Units of "children on a plan visited within n working days": for each child on a plan on each
 * as-of date (plans: as_of, child_id, plan_start, team_hint) whose first visit was already due (the
 * plan started more than n working days before the date), numerator 1 when the child was seen on a
 * visit since the plan started and within n working days up to the date: on or after the working
 * day numbered n before the date's number (the calendar-day bound only lets the visits' index help).
 */
export function visitedWithinWorkingDays(plans: RawBuilder<unknown>, visits: VisitsTable, n: number): RawBuilder<unknown> {
  const column = (name: string) => sql.raw(`v.${name}`);
  return sql`
      SELECT p.as_of, p.child_id, p.as_of AS ref_date, p.team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ${sql.raw(visits.table)} v
                               WHERE ${column(visits.child)} = p.child_id AND ${column(visits.seen)} = 'Y'
                                 AND ${column(visits.date)} <= p.as_of AND ${column(visits.date)} >= p.plan_start
                                 AND ${column(visits.date)} > p.as_of - ${n * 2 + 21}::int
                                 AND ${column(visits.date)} >= coalesce(visit_from.day, '-infinity'::date)) THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (${plans}) p
      JOIN ks_calendar on_date ON on_date.day = p.as_of
      JOIN ks_calendar started ON started.day = p.plan_start
      LEFT JOIN ks_calendar visit_from ON visit_from.is_working_day AND visit_from.working_day_number = on_date.working_day_number - ${n}
      WHERE on_date.working_day_number - started.working_day_number > ${n}`;
}

/** A missing episode, not an "away from placement without authorisation" one (type A). */
export const isMissingEpisode = (alias: string) =>
  sql.raw(`coalesce(upper(${alias}.miss_missing_episode_type), 'M') NOT IN ('A', 'AWAY', 'ABSENCE', 'ABSENT')`);
