/**
 * SSDA903 export: the data model → the 903 CSV tables, the inverse of src/ingest/ssda903/mapping.ts.
 *
 * Who is in the return: every child with a looked-after episode open at any time in the period
 * (DECOM on or before `to`, DEC blank or on or after `from`, as the DfE counts an episode in the
 * year), and every care leaver aged 17 to 21 at some time in the period or carried in the OC3 of a
 * return whose 31 March is in the period. The other tables
 * hold only children in Header (the importer refuses rows for children it does not know):
 *   Header      CHILD, SEX in the return year's codes (to 2023-24: M / 1 → 1, F / 2 → 2; from 2024-25:
 *               M, F, U), DOB, ETHNIC, UPN (the linked UPN, else the unknown-UPN code), MOTHER (Y / 1 → 1,
 *               N / 0 → 0) for girls looked after in the period other than only for short breaks (V3,
 *               V4), as DfE's 165, 399 and 628 ask; blank for anyone else
 *   Episodes    one row per ssd_cla_episodes row, with its placement's type, provider, postcode and
 *               URN; REASON_PLACE_CHANGE on the placement's last episode. No PL_DISTANCE (nor PL_LA,
 *               PL_LOCATION): DfE derives them from HOME_POST and PL_POST with ONS's postcode directory
 *               (the guidance's formula, as the peer validator applies it), councils do not return them,
 *               and DfE's CSV column lists have no such column (Keystone keeps the distance it holds)
 *   Reviews     reviews dated in the period (REVIEW_CODE = participation), except for children looked
 *               after only for short breaks (V3, V4), whose reviews DfE does not collect (399)
 *   Missing     missing and away episodes starting in the period (dates only)
 *   OC2         the OC2 rows of the returns whose 31 March is in the period (ks_903_oc2), codes as stored
 *   OC3         the care leaver's row from the return of the period's year, else their latest row;
 *               ACCOM = accommodation + suitability (1 / 2); none for a 17- or 18-year-old DfE asks no
 *               care leaver information of (1007, 1016; a row without it breaks 131)
 *   SWEpisodes  allocated social workers (allocations, src/core/allocations.ts) in the period of the
 *               children looked after at its end other than for short breaks (DfE asks them of children
 *               looked after on 31 March: SW01STG1 "Child looked after on 31 March, but no social worker
 *               episode information is reported", SW12STG2 "If a child is looked after on 31 March then
 *               all social worker episodes for the full previous year should be reported", SW17STG2
 *               "There is no social worker episode open at 31 March" of every child listed); SW_ID is
 *               the worker's Social Work England registration number where held, else their ID; SW_REASON,
 *               why the episode began, is the end reason of the allocation it took over from (ended
 *               within 7 days of its start), blank for a child's first
 *   DoLO        deprivation of liberty orders in force at some time in the period (ks_903_dolo), when
 *               the period reaches a collection year that has the table (2026-27 on)
 * As at `to`: rows starting after it are left out; ends after it are blank (with their reasons).
 *
 * HOME_POST is the postcode of the child's address (ssd_address) in effect on the day the episode began,
 * blank under V3 / V4 (short breaks: DfE's 398 wants no postcodes there).
 * Not carried (the data model has no column for them): MC_DOB, PL_LA, PL_LOCATION,
 * and the UASC, AD1, PlacedAdoption and PrevPerm tables (the importer does not store them).
 * Period-of-care and placement IDs are not written: the importer rebuilds them from the episodes
 * (RNE S starts a period, RNE L continues a placement), so a period that began before `from`
 * re-imports as starting at its first exported episode.
 */
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { DOLO_FROM_END_YEAR, REQUIRED_COLUMNS, type Table903 } from '../ingest/ssda903/tables.ts';
import { OC2_FIELDS, socialWorkerChange } from '../ingest/ssda903/mapping.ts';
import { addYears, ageOn } from '../ingest/ssda903/values.ts';
import { asAt, collectionYearEnding, type ExportPeriod } from './period.ts';
import { ALLOCATIONS } from '../core/allocations.ts';

/** What the CSV return leaves out (said with every export: the CLI prints it, the Exports page lists it). */
export const NOT_IN_903_CSV =
  'The UASC, AD1 (adoption decisions), PlacedAdoption and PrevPerm (previous permanence) tables: Keystone checks them on import but does not store them, so they are not written and DfE’s rules on them are not run on this return; add them from the case system before submitting.';
/** Items of the return, CSV or XML, that Keystone does not hold and writes blank. */
export const BLANK_IN_903 =
  'The date of birth of a looked-after mother’s child (MC_DOB): Keystone does not hold it, so it is blank; add it from the case system before submitting.';

/** The first day of DfE's social worker reporting (SW01bSTG1: a reason is asked of every episode begun on or after it). */
const SW_REASON_FROM = '2023-04-01';
const dmyToIso = (text: string) => `${text.slice(6)}-${text.slice(3, 5)}-${text.slice(0, 2)}`;

export interface CsvTable {
  table: Table903;
  fileName: string;
  header: readonly string[];
  rows: string[][];
}

export interface Export903 {
  tables: CsvTable[];
  childIds: string[];
  /** What the return could not give, in sentences (social worker episodes with no reason held). */
  omitted: string[];
}

const FILE_NAMES: Partial<Record<Table903, string>> = {
  Header: 'header.csv',
  Episodes: 'episodes.csv',
  Reviews: 'reviews.csv',
  Missing: 'missing.csv',
  OC2: 'oc2.csv',
  OC3: 'oc3.csv',
  SWEpisodes: 'sw_episodes.csv',
  DoLO: 'dolo.csv',
};

/** 'YYYY-MM-DD' (or a timestamp) → 'dd/mm/YYYY'; blank for none. */
export function dmy(date: string | null | undefined): string {
  if (!date) return '';
  return `${date.slice(8, 10)}/${date.slice(5, 7)}/${date.slice(0, 4)}`;
}

const text = (value: unknown): string => (value === null || value === undefined ? '' : String(value));
const SEX_TO_2024: Record<string, string> = { M: '1', '1': '1', F: '2', '2': '2' };
/** 2024-25 replaced 1 / 2 with M, F and U (unknown). */
const SEX_FROM_2025: Record<string, string> = { M: 'M', '1': 'M', F: 'F', '2': 'F', U: 'U' };
const SHORT_BREAKS = ['V3', 'V4'];
const YES_NO: Record<string, string> = { Y: '1', '1': '1', N: '0', '0': '0' };

interface EpisodeRow {
  child: string;
  start: string;
  rne: string | null;
  ls: string | null;
  need: string | null;
  ceased: string | null;
  rec: string | null;
  placement_id: string | null;
  place: string | null;
  provider: string | null;
  postcode: string | null;
  urn: string | null;
  change_reason: string | null;
  home_post: string | null;
}

export async function export903(database: Database, period: ExportPeriod): Promise<Export903> {
  const { from, to } = period;
  const db = database.db;
  const episodes = (
    await sql<EpisodeRow>`
      SELECT e.clae_person_id AS child, e.clae_cla_episode_start_date::text AS start, e.clae_cla_episode_start_reason AS rne,
             e.clae_legal_status AS ls, e.clae_cla_primary_need_code AS need, e.clae_cla_episode_ceased_date::text AS ceased,
             e.clae_cla_episode_ceased_reason AS rec, e.clae_cla_placement_id AS placement_id, p.clap_cla_placement_type AS place,
             p.clap_cla_placement_provider AS provider, p.clap_cla_placement_postcode AS postcode, p.clap_cla_placement_urn AS urn,
             p.clap_cla_placement_change_reason AS change_reason,
             (SELECT a.addr_address_postcode FROM ssd_address a
              WHERE a.addr_person_id = e.clae_person_id AND nullif(trim(a.addr_address_postcode), '') IS NOT NULL
                AND (a.addr_address_start_date IS NULL OR a.addr_address_start_date <= e.clae_cla_episode_start_date)
                AND (a.addr_address_end_date IS NULL OR a.addr_address_end_date > e.clae_cla_episode_start_date)
              ORDER BY a.addr_address_start_date DESC NULLS LAST, a.addr_table_id DESC LIMIT 1) AS home_post
      FROM ssd_cla_episodes e LEFT JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
      WHERE e.clae_cla_episode_start_date <= ${to}::date
        AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date >= ${from}::date)
      ORDER BY e.clae_person_id, e.clae_cla_episode_start_date`.execute(db)
  ).rows;
  const leavers = (
    await sql<{ child: string; in_touch: string | null; activity: string | null; accommodation: string | null; suitable: string | null }>`
      SELECT DISTINCT ON (l.clea_person_id) l.clea_person_id AS child, l.clea_care_leaver_in_touch AS in_touch,
             l.clea_care_leaver_activity AS activity, l.clea_care_leaver_accommodation AS accommodation, l.clea_care_leaver_accom_suitable AS suitable
      FROM ssd_care_leavers l JOIN ssd_person p ON p.pers_person_id = l.clea_person_id
      WHERE (p.pers_dob IS NOT NULL AND p.pers_dob + interval '17 years' <= ${to}::date AND p.pers_dob + interval '22 years' > ${from}::date)
         OR l.clea_oc3_year_end BETWEEN ${from}::date AND ${to}::date
      ORDER BY l.clea_person_id, coalesce(l.clea_oc3_year_end BETWEEN ${from}::date AND ${to}::date, false) DESC, l.clea_oc3_year_end DESC NULLS LAST,
               l.clea_care_leaver_latest_contact DESC NULLS LAST, l.clea_table_id DESC`.execute(db)
  ).rows;
  const childIds = [...new Set([...episodes.map((row) => row.child), ...leavers.map((row) => row.child)])].sort();
  const ids = sql.val(childIds);

  const people = (
    await sql<{
      child: string;
      sex: string | null;
      dob: string | null;
      ethnicity: string | null;
      upn_unknown: string | null;
      mother: string | null;
      upn: string | null;
    }>`
      SELECT p.pers_person_id AS child, p.pers_sex AS sex, p.pers_dob::text AS dob, p.pers_ethnicity AS ethnicity, p.pers_upn_unknown AS upn_unknown,
             p.pers_is_mother AS mother,
             (SELECT l.link_identifier_value FROM ssd_linked_identifiers l WHERE l.link_person_id = p.pers_person_id
                AND l.link_identifier_type = 'Unique Pupil Number' ORDER BY l.link_table_id LIMIT 1) AS upn
      FROM ssd_person p WHERE p.pers_person_id = ANY(${ids}::text[]) ORDER BY p.pers_person_id`.execute(db)
  ).rows;
  const dobOf = new Map(people.map((person) => [person.child, dmy(person.dob)]));
  const reviews = (
    await sql<{ child: string; day: string; participation: string | null }>`
      SELECT clar_person_id AS child, clar_cla_review_date::text AS day, clar_cla_review_participation AS participation FROM ssd_cla_reviews
      WHERE clar_person_id = ANY(${ids}::text[]) AND clar_cla_review_date BETWEEN ${from}::date AND ${to}::date
      ORDER BY clar_person_id, clar_cla_review_date`.execute(db)
  ).rows;
  const missing = (
    await sql<{ child: string; start: string; type: string | null; end: string | null }>`
      SELECT miss_person_id AS child, miss_missing_episode_start_date::date::text AS start, miss_missing_episode_type AS type,
             miss_missing_episode_end_date::date::text AS end
      FROM ssd_missing WHERE miss_person_id = ANY(${ids}::text[])
        AND miss_missing_episode_start_date >= ${from}::date AND miss_missing_episode_start_date < ${to}::date + 1
      ORDER BY miss_person_id, miss_missing_episode_start_date`.execute(db)
  ).rows;
  const oc2 = (
    await sql<Record<string, string | null> & { child: string }>`
      SELECT oc2_person_id AS child, ${sql.join(OC2_FIELDS.map((field) => sql.raw(`oc2_${field.toLowerCase()} AS "${field}"`)))}
      FROM ks_903_oc2 WHERE oc2_person_id = ANY(${ids}::text[]) AND oc2_year_end BETWEEN ${from}::date AND ${to}::date
      ORDER BY oc2_person_id, oc2_year_end`.execute(db)
  ).rows;
  // SW_REASON is why an episode began: the end reason of the child's allocation it took over from (mapping.ts).
  const workers = (
    await sql<{ child: string; worker: string | null; start: string; end: string | null; previous_end: string | null; previous_reason: string | null }>`
      SELECT a.invo_person_id AS child, coalesce(nullif(trim(p.prof_social_worker_registration_no), ''), a.invo_professional_id) AS worker,
             a.invo_involvement_start_date::date::text AS start, a.invo_involvement_end_date::date::text AS end,
             a.previous_end::date::text AS previous_end, a.previous_reason
      FROM (SELECT i.*, lag(i.invo_involvement_end_date) OVER w AS previous_end, lag(i.invo_worker_change_reason) OVER w AS previous_reason
            FROM ${ALLOCATIONS} i WHERE i.invo_person_id = ANY(${ids}::text[])
            WINDOW w AS (PARTITION BY i.invo_person_id ORDER BY i.invo_involvement_start_date, i.invo_involvements_id)) a
      LEFT JOIN ssd_professionals p ON p.prof_professional_id = a.invo_professional_id
      WHERE a.invo_involvement_start_date < ${to}::date + 1 AND (a.invo_involvement_end_date IS NULL OR a.invo_involvement_end_date >= ${from}::date)
      ORDER BY a.invo_person_id, a.invo_involvement_start_date, a.invo_involvements_id`.execute(db)
  ).rows;

  const withDoLO = collectionYearEnding(to) >= DOLO_FROM_END_YEAR;
  const orders = withDoLO
    ? (
        await sql<{ child: string; start: string; end: string | null }>`
          SELECT dolo_person_id AS child, dolo_start_date::text AS start, dolo_end_date::text AS end
          FROM ks_903_dolo WHERE dolo_person_id = ANY(${ids}::text[])
            AND dolo_start_date <= ${to}::date AND (dolo_end_date IS NULL OR dolo_end_date >= ${from}::date)
          ORDER BY dolo_person_id, dolo_start_date`.execute(db)
      ).rows
    : [];

  // The placement's change reason belongs on its last episode, once that episode has ended.
  const lastOfPlacement = new Map<string, string>();
  for (const episode of episodes) if (episode.placement_id) lastOfPlacement.set(episode.placement_id, episode.start);
  // Children with an episode in the period under another legal status than short breaks.
  const lookedAfter = new Set(episodes.filter((episode) => !SHORT_BREAKS.includes(episode.ls ?? '')).map((episode) => episode.child));
  const shortBreaksOnly = new Set(episodes.map((episode) => episode.child).filter((child) => !lookedAfter.has(child)));
  const lookedAfterAtEnd = new Set(
    episodes.filter((episode) => !SHORT_BREAKS.includes(episode.ls ?? '') && asAt(episode.ceased, period) === null).map((episode) => episode.child),
  );
  const sexCodes = collectionYearEnding(to) >= 2025 ? SEX_FROM_2025 : SEX_TO_2024;
  // DfE asks no care leaver information of a 17- or 18-year-old (at the return's 31 March) looked after on
  // their latest birthday (1007), or whose episode ended on or after their 17th birthday (1016).
  const yearEnd = `${collectionYearEnding(to)}-03-31`;
  const episodesOf = new Map<string, EpisodeRow[]>();
  for (const episode of episodes) {
    const list = episodesOf.get(episode.child);
    if (list) list.push(episode);
    else episodesOf.set(episode.child, [episode]);
  }
  const dobIso = new Map(people.map((person) => [person.child, person.dob]));
  const leaverInformationAsked = (child: string): boolean => {
    const dob = dobIso.get(child);
    if (!dob) return true;
    const age = ageOn(dob, yearEnd);
    if (age !== 17 && age !== 18) return true;
    const birthday = addYears(dob, age);
    const seventeenth = addYears(dob, 17);
    return !(episodesOf.get(child) ?? []).some((episode) => {
      const ceased = asAt(episode.ceased, period);
      return (episode.start <= birthday && (ceased === null || ceased > birthday)) || (ceased !== null && ceased >= seventeenth);
    });
  };
  const girl = (sex: string | null) => sex === 'F' || sex === '2';

  const tables: Array<Omit<CsvTable, 'fileName' | 'header'> & { header?: readonly string[] }> = [
    {
      table: 'Header',
      rows: people.map((person) => [
        person.child,
        sexCodes[person.sex ?? ''] ?? '',
        dmy(person.dob),
        text(person.ethnicity),
        text(person.upn ?? person.upn_unknown),
        girl(person.sex) && lookedAfter.has(person.child) ? (YES_NO[person.mother ?? ''] ?? '') : '',
        '',
      ]),
    },
    {
      table: 'Episodes',
      rows: episodes.map((episode) => {
        const ceased = asAt(episode.ceased, period);
        const lastOfItsPlacement = !!episode.placement_id && lastOfPlacement.get(episode.placement_id) === episode.start;
        // CHILD, DECOM, RNE, LS, CIN, PLACE, PLACE_PROVIDER, DEC, REC, REASON_PLACE_CHANGE, HOME_POST, PL_POST, URN
        return [
          episode.child,
          dmy(episode.start),
          text(episode.rne),
          text(episode.ls),
          text(episode.need),
          text(episode.place),
          text(episode.provider),
          dmy(ceased),
          ceased ? text(episode.rec) : '',
          ceased && lastOfItsPlacement ? text(episode.change_reason) : '',
          SHORT_BREAKS.includes(episode.ls ?? '') ? '' : text(episode.home_post),
          text(episode.postcode),
          text(episode.urn),
        ];
      }),
    },
    {
      table: 'Reviews',
      rows: reviews
        .filter((review) => !shortBreaksOnly.has(review.child))
        .map((review) => [review.child, dobOf.get(review.child) ?? '', dmy(review.day), text(review.participation)]),
    },
    { table: 'Missing', rows: missing.map((row) => [row.child, dobOf.get(row.child) ?? '', text(row.type), dmy(row.start), dmy(asAt(row.end, period))]) },
    { table: 'OC2', rows: oc2.map((row) => [row.child, dobOf.get(row.child) ?? '', ...OC2_FIELDS.map((field) => text(row[field]))]) },
    {
      table: 'OC3',
      rows: leavers
        .filter((leaver) => leaverInformationAsked(leaver.child))
        .map((leaver) => {
          const accommodation = text(leaver.accommodation);
          const accom =
            /^[A-Z][12]$/.test(accommodation) || !accommodation || !['1', '2'].includes(leaver.suitable ?? '')
              ? accommodation
              : `${accommodation}${leaver.suitable}`;
          return [leaver.child, dobOf.get(leaver.child) ?? '', text(leaver.in_touch), text(leaver.activity), accom];
        }),
    },
    {
      table: 'SWEpisodes',
      rows: workers
        .filter((row) => lookedAfterAtEnd.has(row.child))
        .map((row) => {
          const end = asAt(row.end, period);
          const tookOver = socialWorkerChange(asAt(row.previous_end, period), row.start);
          return [row.child, dobOf.get(row.child) ?? '', text(row.worker), dmy(row.start), dmy(end), tookOver ? text(row.previous_reason) : ''];
        }),
    },
    ...(withDoLO
      ? [{ table: 'DoLO' as const, rows: orders.map((order) => [order.child, dobOf.get(order.child) ?? '', dmy(order.start), dmy(asAt(order.end, period))]) }]
      : []),
  ];
  // DfE's SW01bSTG1: "If <SW_DECOM> >= 1 April 2023 then at least one instance of each of the following items should
  // be provided: <SW_ID>, <SW_DECOM>, <SW_REASON>" — a case's first allocation too, whose reason Keystone does not hold.
  const swEpisodes = tables.find((table) => table.table === 'SWEpisodes')!.rows;
  const noReason = swEpisodes.filter(([, , , start, , reason]) => !reason && start && dmyToIso(start) >= SW_REASON_FROM);
  const noHome = episodes.filter((episode) => !SHORT_BREAKS.includes(episode.ls ?? '') && !text(episode.home_post)).length;
  const omitted = noHome
    ? [
        `${noHome} episodes have no home postcode (HOME_POST): no address of the child’s is held for the day the episode began; DfE’s 392b reports each; add it from the case system.`,
      ]
    : [];
  // Rows held for the period that the return does not carry: said, never dropped silently.
  const notInReturn = (
    await sql<{ table: string; rows: number; children: number }>`
      SELECT 'reviews' AS table, count(*)::int AS rows, count(DISTINCT clar_person_id)::int AS children FROM ssd_cla_reviews
      WHERE clar_cla_review_date BETWEEN ${from}::date AND ${to}::date AND NOT clar_person_id = ANY(${ids}::text[])
      UNION ALL
      SELECT 'missing', count(*)::int, count(DISTINCT miss_person_id)::int FROM ssd_missing
      WHERE miss_missing_episode_start_date >= ${from}::date AND miss_missing_episode_start_date < ${to}::date + 1 AND NOT miss_person_id = ANY(${ids}::text[])
      UNION ALL
      SELECT 'OC2', count(*)::int, count(DISTINCT oc2_person_id)::int FROM ks_903_oc2
      WHERE oc2_year_end BETWEEN ${from}::date AND ${to}::date AND NOT oc2_person_id = ANY(${ids}::text[])`.execute(db)
  ).rows.filter((row) => row.rows > 0);
  if (notInReturn.length)
    omitted.push(
      `${notInReturn.map((row) => `${row.rows} ${row.table === 'reviews' ? 'reviews' : row.table === 'missing' ? 'missing or away episodes' : 'OC2 rows'} (${row.children} ${row.children === 1 ? 'child' : 'children'})`).join(', ')} dated in the period belong to children with no looked-after episode in it who are not care leavers: a 903 return holds only children looked after in its year and care leavers, so they are not written.`,
    );
  const shortBreakReviews = reviews.filter((review) => shortBreaksOnly.has(review.child)).length;
  if (shortBreakReviews)
    omitted.push(`${shortBreakReviews} reviews of children looked after only for short breaks (V3, V4) are not written: DfE does not collect them (399).`);
  const notAsked = leavers.filter((leaver) => !leaverInformationAsked(leaver.child)).length;
  if (notAsked)
    omitted.push(
      `${notAsked} care leavers’ OC3 rows are not written: they are 17 or 18 on 31 March and DfE asks no care leaver information of them (1007, 1016).`,
    );
  if (noReason.length)
    omitted.push(
      `${noReason.length} social worker episodes begun since 1 April 2023 that took over from no allocation (a case opened or reopened) have no reason (SW_REASON): Keystone holds why an allocation ended, not why the first began, and DfE’s SW01bSTG1 and SW13STG1 ask one of every episode; add it from the case system. Children: ${[...new Set(noReason.map(([child]) => child))].join(', ')}.`,
    );
  return {
    tables: tables.map((table) => ({ ...table, header: table.header ?? REQUIRED_COLUMNS[table.table], fileName: FILE_NAMES[table.table]! })),
    childIds,
    omitted,
  };
}
