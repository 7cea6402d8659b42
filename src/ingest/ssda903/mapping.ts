/**
 * SSDA903 → the SSD-shaped tables. 903 codes are kept as they are in the columns, except where
 * the data model holds one coding for every source: sex as M / F (903 1 / 2), mother as Y / N
 * (903 1 / 0), and a care leaver's ACCOM split into the accommodation (the code as written) and
 * its suitability (the code's digit: 1 suitable, 2 not suitable).
 *
 * Person matching: the 903 CHILD is the council's own child ID, the same ID case systems export as
 * the SSD's pers_person_id, so CHILD (trimmed, exactly as written) *is* ssd_person.pers_person_id.
 * A child already known from another source (SSD, CIN) is the same person: the 903 sets only the
 * columns it knows (sex, date of birth, ethnicity, unknown-UPN code, mother) and never blanks others.
 *
 * Keys: 903 rows carry no IDs, so each stored row's key is built from the child and the row's start
 * date — `903/<CHILD>/<YYYY-MM-DD>` — which stays the same from one year's return to the next: an
 * episode open last March and closed this year is the same row, updated.
 * Periods of care: a run of episodes starting with RNE S and continuing while the previous episode
 * ended X1 (`clae_cla_id` = the key of its first episode). Placements: a run of episodes of one
 * period in which only the legal status changed (RNE L). Legal statuses: a run with the same LS.
 * OC2 goes to ks_903_oc2 (one row per child and return, the codes as written, with the return's
 * 31 March); OC3 to ssd_care_leavers with that 31 March (clea_oc3_year_end): DfE's health and
 * care-leaver figures read them. Deprivation of liberty orders (DoLO, from 2026-27) go to ks_903_dolo,
 * one row per child and order start (an order running on from last year's return is the same row).
 * Social worker episodes: the 903's SW_REASON says why an episode began (the worker changed to this
 * one: DfE's SW10STG2 reads it on the current episode), the SSD's invo_worker_change_reason why an
 * allocation ended (case systems' end reason). So SW_REASON is stored on the child's previous
 * episode, when that one ended within SW_CHANGE_DAYS of this one's start (socialWorkerChange).
 * HOME_POST goes to ssd_address: one 'Home' address per run of a child's episodes with the same postcode,
 * from the first one's start (key `903/<CHILD>/<DECOM>/HOME`) to the start of the next with another.
 * Not stored (validated only; no SSD table holds them yet): UASC, AD1, PlacedAdoption, PrevPerm,
 * the UPN itself, the mother's child's date of birth, and SW_REASON on a child's first social worker
 * episode in the return (or one starting after a gap), which follows no episode the return holds.
 */
import type { Cell } from '../../core/db/bulk.ts';
import type { Finding, SourceRow, TableWrite } from '../types.ts';
import { date, v } from './rules/rule.ts';
import { addDays, compareText, type CollectionYear } from './values.ts';
import { CASE_HOLDING_ROLE } from '../../core/allocation-role.ts';

export interface MappingResult {
  writes: TableWrite[];
  rejected: Array<{ row: SourceRow; findings: Finding[] }>;
}

function finding(row: SourceRow, rule: string, field: string | null, message: string): Finding {
  return { rule, message, file: row.file, table: row.table, row: row.line, child: v(row, 'CHILD') || null, field, severity: 'error', rejects: true };
}

const key = (child: string, day: string, suffix = '') => `903/${child}/${day}${suffix}`;

/** Days either side of an episode's end within which the next one starting is a change of worker (DfE's SW10STG2: ± 7 days). */
export const SW_CHANGE_DAYS = 7;
/** Whether a social worker episode starting on `nextStart` took over from one that ended on `previousEnd`. */
export const socialWorkerChange = (previousEnd: string | null, nextStart: string): boolean =>
  previousEnd !== null && nextStart >= addDays(previousEnd, -SW_CHANGE_DAYS) && nextStart <= addDays(previousEnd, SW_CHANGE_DAYS);
const orNull = (value: string): string | null => (value === '' ? null : value);
const SEX_CODES: Readonly<Record<string, string>> = { '1': 'M', '2': 'F' };
const MOTHER_CODES: Readonly<Record<string, string>> = { '1': 'Y', '0': 'N' };
/** The OC2 columns stored (ks_903_oc2.oc2_<field in lower case>). */
export const OC2_FIELDS = [
  'SDQ_SCORE',
  'SDQ_REASON',
  'CONVICTED',
  'HEALTH_CHECK',
  'IMMUNISATIONS',
  'TEETH_CHECK',
  'HEALTH_ASSESSMENT',
  'SUBSTANCE_MISUSE',
  'INTERVENTION_RECEIVED',
  'INTERVENTION_OFFERED',
] as const;
const timestamp = (day: string | null): string | null => (day ? `${day} 00:00:00` : null);
/** The one row every counted row is (map903's `countOnly`): frozen, so nothing can write into it. */
const COUNTED = Object.freeze([]) as unknown as Cell[];

/**
 * With `countOnly` (a validation, which stores nothing and reports how many rows an import would store), each row
 * of a table is counted, not built: every row is COUNTED but the social workers' stubs (insertOnly, counted by key),
 * and no review is matched to its period of care nor a worker's episode to its end reason. The rows refused are the same.
 */
export function map903(
  accepted: Record<string, SourceRow[]>,
  year: CollectionYear,
  existingPeople: ReadonlySet<string>,
  { countOnly = false }: { countOnly?: boolean } = {},
): MappingResult {
  const rejected: MappingResult['rejected'] = [];
  const reject = (row: SourceRow, rule: string, field: string | null, message: string) =>
    rejected.push({ row, findings: [finding(row, rule, field, message)] });
  const rows = (table: string) => accepted[table] ?? [];

  // ---- people ----
  const people = new Map<string, Cell[]>();
  for (const row of rows('Header')) {
    const child = v(row, 'CHILD');
    if (people.has(child)) {
      reject(row, 'KS-DUPLICATE', 'CHILD', `Child ${child} appears more than once in Header; only the first row is used.`);
      continue;
    }
    if (countOnly) {
      people.set(child, COUNTED);
      continue;
    }
    const upn = v(row, 'UPN');
    people.set(child, [
      child,
      SEX_CODES[v(row, 'SEX')] ?? orNull(v(row, 'SEX')),
      date(row, 'DOB'),
      orNull(v(row, 'ETHNIC')),
      /^UN[1-5]$/.test(upn) ? upn : null,
      MOTHER_CODES[v(row, 'MOTHER')] ?? orNull(v(row, 'MOTHER')),
    ]);
  }
  const known = (row: SourceRow): boolean => {
    const child = v(row, 'CHILD');
    if (people.has(child) || existingPeople.has(child)) return true;
    reject(
      row,
      'KS-PERSON',
      'CHILD',
      `Child ${child || '(blank)'} is not in the Header table and not already known to Keystone, so this row cannot be stored.`,
    );
    return false;
  };

  /** Rows keyed by child and date, refusing rows without the date or with a key seen before. */
  function keyed(table: string, dateField: string, suffix = ''): Array<{ row: SourceRow; id: string; day: string }> {
    const seen = new Set<string>();
    const result = [];
    for (const row of rows(table)) {
      if (!known(row)) continue;
      const day = date(row, dateField);
      if (!day) {
        reject(row, 'KS-REQUIRED', dateField, `${dateField} must be a date written dd/mm/YYYY to store this row; it is “${v(row, dateField)}”.`);
        continue;
      }
      const id = key(v(row, 'CHILD'), day, suffix);
      if (seen.has(id)) {
        reject(
          row,
          'KS-DUPLICATE',
          dateField,
          `Another ${table} row for child ${v(row, 'CHILD')} has the same ${dateField} (${v(row, dateField)}); only the first is stored.`,
        );
        continue;
      }
      seen.add(id);
      result.push({ row, id, day });
    }
    return result;
  }

  // ---- episodes, periods of care, placements, legal statuses ----
  const episodes = keyed('Episodes', 'DECOM');
  const byChild = new Map<string, typeof episodes>();
  for (const episode of episodes) {
    const child = v(episode.row, 'CHILD');
    const list = byChild.get(child);
    if (list) list.push(episode);
    else byChild.set(child, [episode]);
  }
  const episodeRows: Cell[][] = [];
  const placementRows: Cell[][] = [];
  const legalRows: Cell[][] = [];
  const addressRows: Cell[][] = [];
  const periods: Array<{ child: string; id: string; start: string; end: string | null }> = [];
  const hasDistance = rows('Episodes').some((row) => 'PL_DISTANCE' in row.values);
  for (const [child, list] of byChild) {
    list.sort((a, b) => compareText(a.day, b.day));
    let periodId = '';
    let periodStart = '';
    let placement: { id: string; first: SourceRow; last: SourceRow; start: string } | null = null;
    let legal: { id: string; status: string; start: string; last: SourceRow } | null = null;
    const flushPlacement = () => {
      if (!placement) return;
      const distance = hasDistance && /^\d+(\.\d+)?$/.test(v(placement.first, 'PL_DISTANCE')) ? v(placement.first, 'PL_DISTANCE') : null;
      placementRows.push(
        countOnly
          ? COUNTED
          : [
              placement.id,
              placement.start,
              orNull(v(placement.first, 'PLACE')),
              orNull(v(placement.first, 'URN')),
              distance,
              periodId,
              orNull(v(placement.first, 'PLACE_PROVIDER')),
              orNull(v(placement.first, 'PL_POST')),
              date(placement.last, 'DEC'),
              orNull(v(placement.last, 'REASON_PLACE_CHANGE')),
              child,
            ],
      );
      placement = null;
    };
    const flushLegal = () => {
      if (legal && legal.status) legalRows.push(countOnly ? COUNTED : [legal.id, child, legal.status, legal.start, date(legal.last, 'DEC')]);
      legal = null;
    };
    // The home postcode as the return gives it: one address for each run of episodes with the same HOME_POST.
    let home: { id: string; postcode: string; start: string } | null = null;
    const flushHome = (end: string | null) => {
      if (home) addressRows.push(countOnly ? COUNTED : [home.id, child, 'Home', home.start, end, home.postcode]);
      home = null;
    };
    let previous: SourceRow | null = null;
    for (const { row, id, day } of list) {
      const postcode = v(row, 'HOME_POST').trim();
      if (postcode && postcode.replace(/\s+/g, '').toUpperCase() !== (home as { postcode: string } | null)?.postcode.replace(/\s+/g, '').toUpperCase()) {
        flushHome(day);
        home = { id: `${id}/HOME`, postcode, start: day };
      }
      const newPeriod = previous === null || v(row, 'RNE') === 'S' || v(previous, 'REC') !== 'X1';
      if (newPeriod) {
        flushPlacement();
        flushLegal();
        if (periodId) periods[periods.length - 1]!.end = previous ? date(previous, 'DEC') : null;
        periodId = id;
        periodStart = day;
        periods.push({ child, id, start: day, end: null });
      }
      if (newPeriod || v(row, 'RNE') !== 'L' || !placement) {
        flushPlacement();
        placement = { id, first: row, last: row, start: day };
      } else (placement as { last: SourceRow }).last = row;
      if (newPeriod || !legal || (legal as { status: string }).status !== v(row, 'LS')) {
        flushLegal();
        legal = { id, status: v(row, 'LS'), start: day, last: row };
      } else (legal as { last: SourceRow }).last = row;
      episodeRows.push(
        countOnly
          ? COUNTED
          : [
              id,
              child,
              day,
              orNull(v(row, 'RNE')),
              orNull(v(row, 'CIN')),
              date(row, 'DEC'),
              orNull(v(row, 'REC')),
              periodId,
              (placement as { id: string }).id,
              periodStart,
              orNull(v(row, 'LS')),
            ],
      );
      previous = row;
    }
    flushPlacement();
    flushLegal();
    flushHome(null);
    if (periods.length && periods[periods.length - 1]!.child === child) periods[periods.length - 1]!.end = previous ? date(previous, 'DEC') : null;
  }
  // Each child's periods, in order, so finding a review's period never scans every child's.
  const periodsByChild = new Map<string, typeof periods>();
  for (const period of periods) {
    const list = periodsByChild.get(period.child);
    if (list) list.push(period);
    else periodsByChild.set(period.child, [period]);
  }
  const periodOf = (child: string, day: string): string | null =>
    periodsByChild.get(child)?.find((period) => period.start <= day && (period.end === null || period.end >= day))?.id ?? null;

  // ---- reviews, missing, care leavers, social worker episodes ----
  const reviewRows = keyed('Reviews', 'REVIEW').map(({ row, id, day }) =>
    countOnly ? COUNTED : ([id, periodOf(v(row, 'CHILD'), day), day, orNull(v(row, 'REVIEW_CODE')), v(row, 'CHILD')] as Cell[]),
  );
  const missingRows = keyed('Missing', 'MIS_START').map(({ row, id, day }) =>
    countOnly ? COUNTED : ([id, v(row, 'CHILD'), timestamp(day), orNull(v(row, 'MISSING')), timestamp(date(row, 'MIS_END'))] as Cell[]),
  );
  const leaverRows: Cell[][] = [];
  const leaversSeen = new Set<string>();
  for (const row of rows('OC3')) {
    if (!known(row)) continue;
    const id = key(v(row, 'CHILD'), `${year.endYear}`, '/OC3');
    if (leaversSeen.has(id)) {
      reject(row, 'KS-DUPLICATE', 'CHILD', `Child ${v(row, 'CHILD')} appears more than once in OC3; only the first row is stored.`);
      continue;
    }
    leaversSeen.add(id);
    if (countOnly) {
      leaverRows.push(COUNTED);
      continue;
    }
    const accom = v(row, 'ACCOM');
    leaverRows.push([
      id,
      v(row, 'CHILD'),
      orNull(v(row, 'IN_TOUCH')),
      orNull(v(row, 'ACTIV')),
      orNull(accom),
      /^[A-Z][12]$/.test(accom) ? accom[1]! : null,
      year.end,
    ]);
  }
  const oc2Rows: Cell[][] = [];
  const oc2Seen = new Set<string>();
  for (const row of rows('OC2')) {
    if (!known(row)) continue;
    const id = key(v(row, 'CHILD'), `${year.endYear}`, '/OC2');
    if (oc2Seen.has(id)) {
      reject(row, 'KS-DUPLICATE', 'CHILD', `Child ${v(row, 'CHILD')} appears more than once in OC2; only the first row is stored.`);
      continue;
    }
    oc2Seen.add(id);
    oc2Rows.push(countOnly ? COUNTED : [id, v(row, 'CHILD'), year.end, ...OC2_FIELDS.map((field) => orNull(v(row, field)))]);
  }
  const doloRows: Cell[][] = [];
  for (const { row, id, day } of keyed('DoLO', 'DOLO_START', '/DOLO')) {
    const end = date(row, 'DOLO_END');
    if (end && end < day) {
      reject(row, 'KS-DATES', 'DOLO_END', `The deprivation of liberty order ends (${v(row, 'DOLO_END')}) before it starts (${v(row, 'DOLO_START')}).`);
      continue;
    }
    doloRows.push(countOnly ? COUNTED : [id, v(row, 'CHILD'), day, end]);
  }
  const workers = new Map<string, Cell[]>();
  const involvementRows: Cell[][] = [];
  const startReasons = new Map<string, string | null>();
  for (const { row, id, day } of keyed('SWEpisodes', 'SW_DECOM', '/SW')) {
    const worker = v(row, 'SW_ID');
    const end = date(row, 'SW_DEC');
    if (!worker) {
      reject(row, 'KS-REQUIRED', 'SW_ID', 'SW_ID (the social worker) is needed to store a social worker episode.');
      continue;
    }
    if (end && end < day) {
      reject(row, 'KS-DATES', 'SW_DEC', `The social worker episode ends (${v(row, 'SW_DEC')}) before it starts (${v(row, 'SW_DECOM')}).`);
      continue;
    }
    workers.set(worker, [worker, `Social worker ${worker}`]);
    if (countOnly) {
      involvementRows.push(COUNTED);
      continue;
    }
    involvementRows.push([id, worker, CASE_HOLDING_ROLE, day, end, null, v(row, 'CHILD')]);
    startReasons.set(id, orNull(v(row, 'SW_REASON')));
  }
  // Each episode's end reason: the SW_REASON of the child's next episode, when it took over (socialWorkerChange).
  const involvementsByChild = new Map<string, Cell[][]>();
  for (const involvement of countOnly ? [] : involvementRows) {
    const child = involvement[6] as string;
    const list = involvementsByChild.get(child);
    if (list) list.push(involvement);
    else involvementsByChild.set(child, [involvement]);
  }
  for (const list of involvementsByChild.values()) {
    list.sort((a, b) => compareText(a[3] as string, b[3] as string));
    for (let index = 1; index < list.length; index++) {
      const previous = list[index - 1]!;
      if (socialWorkerChange(previous[4] as string | null, list[index]![3] as string)) previous[5] = startReasons.get(list[index]![0] as string) ?? null;
    }
  }

  const byPerson = (index: number) => (row: Cell[]) => (row[index] as string | null) ?? null;
  const writes: TableWrite[] = [
    {
      table: 'ssd_person',
      key: 'pers_person_id',
      columns: ['pers_person_id', 'pers_sex', 'pers_dob', 'pers_ethnicity', 'pers_upn_unknown', 'pers_is_mother'],
      rows: [...people.values()],
      childOf: byPerson(0),
    },
    {
      table: 'ssd_professionals',
      key: 'prof_professional_id',
      columns: ['prof_professional_id', 'prof_professional_name'],
      rows: [...workers.values()],
      insertOnly: true,
    },
    {
      table: 'ssd_cla_episodes',
      key: 'clae_cla_episode_id',
      columns: [
        'clae_cla_episode_id',
        'clae_person_id',
        'clae_cla_episode_start_date',
        'clae_cla_episode_start_reason',
        'clae_cla_primary_need_code',
        'clae_cla_episode_ceased_date',
        'clae_cla_episode_ceased_reason',
        'clae_cla_id',
        'clae_cla_placement_id',
        'clae_entered_care_date',
        'clae_legal_status',
      ],
      rows: episodeRows,
      childOf: byPerson(1),
    },
    {
      table: 'ssd_cla_placement',
      key: 'clap_cla_placement_id',
      columns: [
        'clap_cla_placement_id',
        'clap_cla_placement_start_date',
        'clap_cla_placement_type',
        'clap_cla_placement_urn',
        'clap_cla_placement_distance',
        'clap_cla_id',
        'clap_cla_placement_provider',
        'clap_cla_placement_postcode',
        'clap_cla_placement_end_date',
        'clap_cla_placement_change_reason',
        'clap_person_id',
      ],
      rows: placementRows,
      childOf: byPerson(10),
    },
    {
      table: 'ssd_address',
      key: 'addr_table_id',
      columns: ['addr_table_id', 'addr_person_id', 'addr_address_type', 'addr_address_start_date', 'addr_address_end_date', 'addr_address_postcode'],
      rows: addressRows,
      childOf: byPerson(1),
    },
    {
      table: 'ssd_legal_status',
      key: 'lega_legal_status_id',
      columns: ['lega_legal_status_id', 'lega_person_id', 'lega_legal_status', 'lega_legal_status_start_date', 'lega_legal_status_end_date'],
      rows: legalRows,
      childOf: byPerson(1),
    },
    {
      table: 'ssd_cla_reviews',
      key: 'clar_cla_review_id',
      columns: ['clar_cla_review_id', 'clar_cla_id', 'clar_cla_review_date', 'clar_cla_review_participation', 'clar_person_id'],
      rows: reviewRows,
      childOf: byPerson(4),
    },
    {
      table: 'ssd_missing',
      key: 'miss_table_id',
      columns: ['miss_table_id', 'miss_person_id', 'miss_missing_episode_start_date', 'miss_missing_episode_type', 'miss_missing_episode_end_date'],
      rows: missingRows,
      childOf: byPerson(1),
    },
    {
      table: 'ssd_care_leavers',
      key: 'clea_table_id',
      columns: [
        'clea_table_id',
        'clea_person_id',
        'clea_care_leaver_in_touch',
        'clea_care_leaver_activity',
        'clea_care_leaver_accommodation',
        'clea_care_leaver_accom_suitable',
        'clea_oc3_year_end',
      ],
      rows: leaverRows,
      childOf: byPerson(1),
    },
    {
      table: 'ks_903_oc2',
      key: 'oc2_id',
      columns: ['oc2_id', 'oc2_person_id', 'oc2_year_end', ...OC2_FIELDS.map((field) => `oc2_${field.toLowerCase()}`)],
      rows: oc2Rows,
      childOf: byPerson(1),
    },
    {
      table: 'ks_903_dolo',
      key: 'dolo_id',
      columns: ['dolo_id', 'dolo_person_id', 'dolo_start_date', 'dolo_end_date'],
      rows: doloRows,
      childOf: byPerson(1),
    },
    {
      table: 'ssd_involvements',
      key: 'invo_involvements_id',
      columns: [
        'invo_involvements_id',
        'invo_professional_id',
        'invo_professional_role_id',
        'invo_involvement_start_date',
        'invo_involvement_end_date',
        'invo_worker_change_reason',
        'invo_person_id',
      ],
      rows: involvementRows,
      childOf: byPerson(6),
    },
  ];
  return { writes, rejected };
}
