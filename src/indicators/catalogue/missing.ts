/** Missing from home or care, and return home interviews. */
import { sql } from 'kysely';
import type { SqlIndicator } from '../types.ts';
import { isMissingEpisode, lookedAfterOn, inMonthOfColumn } from '../sql.ts';

const GUIDANCE = 'Statutory guidance on children who run away or go missing from home or care (2014); SSDA903 missing';
const common = { family: 'missing', serviceArea: 'children_in_care', source: GUIDANCE } as const;

/** Missing episodes (not "away") that started in the month. */
const startedInMonth = sql`
  SELECT d.as_of, d.year_from, m.miss_person_id AS child_id, m.miss_missing_episode_start_date::date AS ref_date, m.miss_table_id
  FROM ssd_missing m ${inMonthOfColumn('m.miss_missing_episode_start_date', true)}
  WHERE ${isMissingEpisode('m')}`;

/** Missing episodes (not "away") that ended — the child came back — in the month. */
const endedInMonth = sql`
  SELECT d.as_of, m.miss_person_id AS child_id, m.miss_missing_episode_end_date::date AS ref_date,
         m.miss_missing_rhi_offered, m.miss_missing_rhi_accepted, m.miss_missing_rhi_offered_date
  FROM ssd_missing m ${inMonthOfColumn('m.miss_missing_episode_end_date', true)}
  WHERE ${isMissingEpisode('m')}`;

const yes = (column: string) => sql.raw(`upper(coalesce(${column}, '')) IN ('Y', 'YES')`);

export const MISSING: SqlIndicator[] = [
  {
    ...common,
    kind: 'sql',
    id: 'missing.children',
    title: 'Children missing',
    definition:
      'Different children with a missing episode starting in the month (episodes recorded as “away from placement without authorisation” are not counted).',
    numerator: 'Children with at least one missing episode starting in the month',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    units: () => sql`
      SELECT DISTINCT ON (as_of, child_id) as_of, child_id, ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator
      FROM (${startedInMonth}) s ORDER BY as_of, child_id, ref_date`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'missing.episodes',
    title: 'Missing episodes',
    definition: 'Missing episodes starting in the month (each episode counts).',
    numerator: 'Missing episodes starting in the month',
    denominator: null,
    unit: 'count',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    units: () => sql`SELECT as_of, child_id, ref_date, NULL::text AS team_hint, 1 AS numerator, 1 AS denominator FROM (${startedInMonth}) s`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'missing.repeat_pct',
    title: 'Children missing repeatedly',
    definition:
      'Of the children missing in the month, the share with 3 or more missing episodes starting in the 12 months up to the date (a local definition of “repeat missing”; there is no single national one).',
    numerator: 'Children missing in the month with at least 3 episodes in the 12 months',
    denominator: 'Children with a missing episode starting in the month',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    units: () => sql`
      SELECT c.as_of, c.child_id, c.ref_date, NULL::text AS team_hint,
             CASE WHEN (SELECT count(*) FROM ssd_missing m
                        WHERE m.miss_person_id = c.child_id AND ${isMissingEpisode('m')}
                          AND m.miss_missing_episode_start_date >= c.year_from::timestamp
                          AND m.miss_missing_episode_start_date < (c.as_of + 1)::timestamp) >= 3 THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (SELECT DISTINCT ON (as_of, child_id) * FROM (${startedInMonth}) s ORDER BY as_of, child_id, ref_date) c`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'missing.rhi_offered_pct',
    title: 'Return home interviews offered',
    definition: 'Of the missing episodes that ended in the month, the share where a return home interview was offered (at any time).',
    numerator: 'Episodes ended in the month with an interview offered',
    denominator: 'Missing episodes ended in the month',
    unit: '%',
    polarity: 'higher_better',
    target: 100,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    units: () => sql`
      SELECT as_of, child_id, ref_date, NULL::text AS team_hint,
             CASE WHEN ${yes('miss_missing_rhi_offered')} OR miss_missing_rhi_offered_date IS NOT NULL THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${endedInMonth}) e`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'missing.rhi_accepted_pct',
    title: 'Return home interviews accepted',
    definition: 'Of the missing episodes that ended in the month and where an interview was offered, the share where the child accepted it.',
    numerator: 'Episodes ended in the month whose offered interview was accepted',
    denominator: 'Episodes ended in the month with an interview offered',
    unit: '%',
    polarity: 'higher_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band'],
    units: () => sql`
      SELECT as_of, child_id, ref_date, NULL::text AS team_hint,
             CASE WHEN ${yes('miss_missing_rhi_accepted')} THEN 1 ELSE 0 END AS numerator, 1 AS denominator
      FROM (${endedInMonth}) e
      WHERE ${yes('miss_missing_rhi_offered')} OR miss_missing_rhi_offered_date IS NOT NULL`,
  },
  {
    ...common,
    kind: 'sql',
    id: 'missing.looked_after_pct',
    title: 'Children looked after who went missing',
    definition: 'Of the children looked after on the date, the share with a missing episode starting in the month.',
    numerator: 'Children looked after on the date with a missing episode starting in the month',
    denominator: 'Children looked after on the date',
    unit: '%',
    polarity: 'lower_better',
    target: null,
    window: 'month',
    breakdowns: ['team', 'worker', 'age_band', 'legal_status'],
    units: () => sql`
      SELECT l.as_of, l.child_id, l.as_of AS ref_date, NULL::text AS team_hint,
             CASE WHEN EXISTS (SELECT 1 FROM ssd_missing m
                               WHERE m.miss_person_id = l.child_id AND ${isMissingEpisode('m')}
                                 AND m.miss_missing_episode_start_date >= l.month_from::timestamp
                                 AND m.miss_missing_episode_start_date < (l.as_of + 1)::timestamp) THEN 1 ELSE 0 END AS numerator,
             1 AS denominator
      FROM (${lookedAfterOn}) l`,
  },
];
