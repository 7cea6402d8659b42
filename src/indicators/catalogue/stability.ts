/** Stability: placements, social workers and the return to care. */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { allocatedOn, carePeriods, carerPlacements, inMonthOf, isShortBreak, lookedAfterOn, placementOn, inMonthOfColumn } from '../sql.ts';
import { ALLOCATIONS } from '../../core/allocations.ts';
import { DFE } from './dfe.ts';

const SSDA903 = 'DfE SSDA903 return, "Children looked after in England including adoptions"';
const common = { family: 'stability', serviceArea: 'children_in_care' } as const;
/** SSDA903 placement types counted as residential: secure unit, children's home, residential care home, NHS, young offender institution, residential school. */
export const RESIDENTIAL_PLACEMENT_TYPES = ['K1', 'K2', 'R1', 'R2', 'R5', 'S1'] as const;

/**
 * Case-holding allocations, each with earlier_end: the latest end (open: infinity) of the same
 * worker's earlier allocations to the same child (by start), null for the first. Of one worker's
 * allocations to a child in effect at some time in a window (start <= as_of, end after window_from),
 * just one has no earlier one still running at window_from: counting those (firstOfWorker) counts the
 * different workers, as count(DISTINCT worker) does, without sorting every child and date's
 * allocations: for the children allocated on each date (10,000-child county: 59,000 child-dates, 122,000
 * allocations), the worker changes query's processor time from 260–280 ms to 200–210 ms. (For the fewer
 * children looked after, three_social_workers_pct, it saved nothing measurable: count(DISTINCT) there.)
 */
const allocationsWithEarlierEnd = sql`
  SELECT a.*, max(coalesce(a.invo_involvement_end_date, 'infinity'::date)) OVER (
           PARTITION BY a.invo_person_id, a.invo_professional_id ORDER BY a.invo_involvement_start_date, a.invo_involvements_id
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS earlier_end
  FROM ${ALLOCATIONS} a`;
/** The allocation (alias i, from allocationsWithEarlierEnd) is its worker's first in effect in the window starting on windowFrom. */
const firstOfWorker = (windowFrom: string) => sql.raw(`i.invo_professional_id IS NOT NULL AND (i.earlier_end IS NULL OR i.earlier_end <= ${windowFrom})`);

/**
 * Each looked-after episode other than a short break (V3, V4) with the placements (not temporary,
 * T0–T4) it was in: the placement it names, or, for an episode not linked to its placements, the
 * placements its time overlaps. Paired once per child, not for every child and date: every child
 * looked after on a date has such an episode open on it, so the pairs in effect in a window are the
 * placements the child had in it while not on a short break.
 */
const episodePlacements = sql`
  SELECT e.clae_person_id AS child_id, e.clae_cla_episode_start_date AS episode_start, e.clae_cla_episode_ceased_date AS episode_end,
         pl.placement_start, pl.placement_end, pl.carer_no
  FROM ssd_cla_episodes e
  JOIN (${carerPlacements}) pl
    ON pl.child_id = e.clae_person_id AND NOT pl.temporary
   AND CASE WHEN e.clae_cla_placement_id IS NOT NULL THEN pl.placement_id = e.clae_cla_placement_id
            ELSE pl.placement_start < coalesce(e.clae_cla_episode_ceased_date, 'infinity'::date)
             AND (pl.placement_end IS NULL OR pl.placement_end > e.clae_cla_episode_start_date) END
  WHERE NOT ${isShortBreak('e.clae_legal_status')}`;

export const STABILITY: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'stability.three_placements_pct',
    title: 'Children looked after with 3 or more placements in the year',
    definition:
      'Of the children looked after on the date (short breaks, V3 and V4, excluded), the share who had 3 or more placements in effect at some time in the 12 months up to the date. A placement is a run with the same carers: a change of legal status only, or of placement with the same carers (RNE T, U), is not a new placement; temporary placements (T0–T4) are not counted, nor a placement’s time on a short break (V3, V4) (DfE short-term placement stability, measured at every month-end rather than only at 31 March; a rolling 12-month measure, so neighbouring months overlap).',
    dfe: DFE.threePlacements,
    numerator: 'Children looked after with placements with at least 3 different carers in effect during the 12 months (while not on a short break)',
    denominator: 'Children looked after on the date (short breaks excluded)',
    unit: '%',
    polarity: 'lower_better',
    target: 10,
    window: '12 months',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: SSDA903,
    units: () => sql`
      SELECT l.as_of, l.child_id, l.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN count(DISTINCT pl.carer_no) >= 3 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${lookedAfterOn}) l
      LEFT JOIN (${episodePlacements}) pl
        ON pl.child_id = l.child_id
       AND pl.episode_start <= l.as_of AND (pl.episode_end IS NULL OR pl.episode_end > l.year_from)
       AND pl.placement_start <= l.as_of AND (pl.placement_end IS NULL OR pl.placement_end > l.year_from)
      GROUP BY l.as_of, l.child_id`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.long_term_pct',
    title: 'Long-term placement stability',
    definition:
      'Of the children under 16 on the date who had been looked after continuously for at least 2½ years (short breaks excluded), the share living with the same carers for at least 2 years, or placed for adoption (A3–A6) where the adoption placement and the placement just before it together have lasted at least 2 years (DfE long-term stability). A change of placement with the same carers (RNE T, U) does not restart the 2 years.',
    dfe: DFE.longTermStability,
    numerator: 'Those children with the same carers (or adoption placement and the one before it) for at least 2 years before the date',
    denominator: 'Children under 16 looked after on the date whose period of care started at least 30 months before',
    unit: '%',
    polarity: 'higher_better',
    target: 70,
    window: 'on the date',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: SSDA903,
    units: () => sql`
      SELECT po.as_of, po.child_id, po.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN po.stable_since <= (po.as_of - interval '2 years')::date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${placementOn}) po JOIN ssd_person p ON p.pers_person_id = po.child_id
      WHERE po.as_of < (p.pers_dob + interval '16 years')::date AND po.period_start <= (po.as_of - interval '30 months')::date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.three_social_workers_pct',
    title: 'Children looked after with 3 or more social workers in the year',
    definition:
      'Of the children looked after on the date, the share allocated to 3 or more different case-holding workers at some time in the 12 months up to the date.',
    numerator: 'Children looked after with at least 3 different allocated workers during the 12 months',
    denominator: 'Children looked after on the date',
    unit: '%',
    polarity: 'lower_better',
    target: 20,
    window: '12 months',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    source: 'DfE SSDA903 social worker episodes; Children’s social work workforce',
    units: () => sql`
      SELECT l.as_of, l.child_id, l.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN count(DISTINCT i.invo_professional_id) >= 3 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${lookedAfterOn}) l
      LEFT JOIN ${ALLOCATIONS} i
        ON i.invo_person_id = l.child_id
       AND i.invo_involvement_start_date <= l.as_of AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > l.year_from)
      GROUP BY l.as_of, l.child_id`,
  },
  {
    ...common,
    kind: 'sql',
    serviceArea: 'help_and_protection',
    id: 'stability.worker_changes_per_child',
    title: 'Changes of social worker per child (12 months)',
    definition:
      'For the children allocated to a worker on the date, the average number of changes of worker in the 12 months up to the date, counted as the different workers allocated during those 12 months minus one (a child who went back to an earlier worker is not counted again).',
    numerator: 'Sum over those children of (different workers in the 12 months − 1)',
    denominator: 'Children allocated to a worker on the date',
    unit: 'ratio',
    polarity: 'lower_better',
    target: null,
    window: '12 months',
    breakdowns: ['team', 'worker', 'age_band'],
    source: 'Local measure (Ofsted: “children have too many changes of social worker”)',
    units: () => sql`
      SELECT o.as_of, o.child_id, o.as_of AS ref_date, NULL::text AS team_hint,
             greatest(count(*) FILTER (WHERE ${firstOfWorker('o.year_from')}) - 1, 0)::int AS numerator, 1 AS denominator
      FROM (${allocatedOn}) o
      JOIN (${allocationsWithEarlierEnd}) i
        ON i.invo_person_id = o.child_id
       AND i.invo_involvement_start_date <= o.as_of AND (i.invo_involvement_end_date IS NULL OR i.invo_involvement_end_date > o.year_from)
      GROUP BY o.as_of, o.child_id`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.placed_over_20_miles_pct',
    title: 'Children looked after placed more than 20 miles from home',
    definition:
      'Of the children looked after on the date whose current placement records a distance from home, the share placed more than 20 miles away (SSDA903 placement distance; the data model holds no placement local authority, so distance stands for “out of area”).',
    numerator: 'Children whose current placement is more than 20 miles from home',
    denominator: 'Children looked after on the date with a placement distance recorded',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'on the date',
    breakdowns: ['team', 'age_band', 'legal_status'],
    source: SSDA903,
    units: () => sql`
      SELECT po.as_of, po.child_id, po.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN po.distance_miles > 20 THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${placementOn}) po WHERE po.distance_miles IS NOT NULL`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.residential_pct',
    title: 'Children looked after in residential placements',
    definition: `Of the children looked after on the date with a current placement, the share whose placement type is residential (SSDA903 ${RESIDENTIAL_PLACEMENT_TYPES.join(', ')}).`,
    numerator: 'Children in a residential placement on the date',
    denominator: 'Children looked after on the date with a placement recorded',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'on the date',
    breakdowns: ['team', 'age_band', 'legal_status'],
    source: SSDA903,
    units: () => sql`
      SELECT po.as_of, po.child_id, po.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN po.placement_type IN (${sql.join([...RESIDENTIAL_PLACEMENT_TYPES])}) THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${placementOn}) po WHERE po.placement_type IS NOT NULL`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.emergency_weekend_pct',
    title: 'Emergency entries to care starting Friday to Sunday',
    definition:
      'Of the periods of care that started in the month as an emergency (legal status on the first day L1 police protection or L2 emergency protection order, on the episode or in the legal status history), the share that started on a Friday, Saturday or Sunday.',
    numerator: 'Emergency entries to care in the month on a Friday, Saturday or Sunday',
    denominator: 'Emergency entries to care in the month',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: 'Local measure (SSDA903 legal status L1, L2)',
    units: () => sql`
      SELECT d.as_of, p.child_id, p.period_start AS ref_date, NULL::text AS team_hint,
             CASE WHEN extract(isodow FROM p.period_start) IN (5, 6, 7) THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${carePeriods}) p ${inMonthOf('p.period_start')}
      WHERE p.start_known AND (EXISTS (SELECT 1 FROM ssd_cla_episodes e
                    WHERE e.clae_person_id = p.child_id AND e.clae_cla_episode_start_date = p.period_start AND e.clae_legal_status IN ('L1', 'L2'))
         OR EXISTS (SELECT 1 FROM ssd_legal_status s
                    WHERE s.lega_person_id = p.child_id AND s.lega_legal_status IN ('L1', 'L2') AND s.lega_legal_status_start_date <= p.period_start
                      AND (s.lega_legal_status_end_date IS NULL OR s.lega_legal_status_end_date > p.period_start)))`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.care_reentry_12m_pct',
    title: 'Children re-entering care within 12 months',
    definition:
      'Of the periods of care that started in the month, the share for a child whose previous period of care ended in the 12 months before this one started.',
    numerator: 'Periods starting in the month within 12 months of the end of the child’s previous period of care',
    denominator: 'Periods of care starting in the month',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SSDA903,
    units: () => sql`
      SELECT d.as_of, p.child_id, p.period_start AS ref_date, NULL::text AS team_hint,
             CASE WHEN p.previous_end >= (p.period_start - interval '12 months')::date THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (SELECT cp.*, lag(cp.period_end) OVER (PARTITION BY cp.child_id ORDER BY cp.period_no) AS previous_end FROM (${carePeriods}) cp) p
      ${inMonthOf('p.period_start')}
      WHERE p.start_known`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'stability.placement_moves',
    title: 'Placement moves',
    definition: 'Placements that started in the month during a period of care that had already begun (a move, not the first placement on entering care).',
    numerator: 'Placements starting in the month after the start of their period of care',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'age_band'],
    source: SSDA903,
    units: () => sql`
      SELECT d.as_of, pl.clap_person_id AS child_id, pl.clap_cla_placement_start_date AS ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM ssd_cla_placement pl ${inMonthOfColumn('pl.clap_cla_placement_start_date')}
      JOIN (${carePeriods}) p
        ON p.child_id = pl.clap_person_id AND pl.clap_cla_placement_start_date > p.period_start
       AND (p.period_end IS NULL OR pl.clap_cla_placement_start_date < p.period_end)`,
  },
];
