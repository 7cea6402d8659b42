/**
 * CIN census child → rows of the SSD tables.
 *
 * Person matching: <LAchildID> is the council's own child ID, the ID case systems export as the
 * SSD's pers_person_id and the SSDA903's CHILD, so LAchildID (trimmed, exactly as written) *is*
 * ssd_person.pers_person_id: a child known from the 903 or the SSD is the same person, and the CIN
 * census sets only the columns it knows (sex as M / F / U, birth, expected birth and death dates,
 * ethnicity, unknown-UPN code) and never blanks others. UPN and former UPN go to ssd_linked_identifiers.
 *
 * Keys: the census carries no IDs below the child, so each row's key is built from the child and
 * the dates that identify it, stable from one year's census to the next:
 *   referral            CIN/<child>/<referral date>
 *   assessment          <referral key>/A/<start>       (factors: same key in ssd_assessment_factors)
 *   CIN plan            <referral key>/P/<start>
 *   section 47          <referral key>/S47/<start>     (its ICPC: <s47 key>/ICPC)
 *   ICPC without s47    <referral key>/ICPC/<date>     (the CINdetails-level DateOfInitialCPC)
 *   CP plan             <referral key>/CPP/<start>     (reviews: <plan key>/R/<date>)
 *   pre-proceedings     <referral key>/PP/<start>
 *   disability          CIN/<child>/D/<code>
 * A group whose key date is missing or not a date, or repeats another's, cannot be stored: it is
 * quarantined (the rest of the child is stored). Not stored: AssessmentInternalReviewDate (no SSD column).
 */
import type { Cell } from '../../core/db/bulk.ts';
import type { Finding, SourceRow, TableWrite } from '../types.ts';
import type { CinGroup } from './reader.ts';
import { dateOf } from './rules/rule.ts';
import { idTooLong } from '../identifiers.ts';

export const CIN_TABLES: ReadonlyArray<{ table: string; key: string; columns: readonly string[] }> = [
  {
    table: 'ssd_person',
    key: 'pers_person_id',
    columns: ['pers_person_id', 'pers_sex', 'pers_dob', 'pers_expected_dob', 'pers_death_date', 'pers_ethnicity', 'pers_upn_unknown'],
  },
  { table: 'ssd_linked_identifiers', key: 'link_table_id', columns: ['link_table_id', 'link_person_id', 'link_identifier_type', 'link_identifier_value'] },
  { table: 'ssd_disability', key: 'disa_table_id', columns: ['disa_table_id', 'disa_person_id', 'disa_disability_code'] },
  {
    table: 'ssd_cin_episodes',
    key: 'cine_referral_id',
    columns: [
      'cine_referral_id',
      'cine_person_id',
      'cine_referral_date',
      'cine_referral_source_code',
      'cine_cin_primary_need_code',
      'cine_close_date',
      'cine_close_reason',
      'cine_referral_nfa',
    ],
  },
  {
    table: 'ssd_cin_assessments',
    key: 'cina_assessment_id',
    columns: ['cina_assessment_id', 'cina_person_id', 'cina_referral_id', 'cina_assessment_start_date', 'cina_assessment_auth_date'],
  },
  { table: 'ssd_assessment_factors', key: 'cinf_table_id', columns: ['cinf_table_id', 'cinf_assessment_id', 'cinf_assessment_factors_json'] },
  {
    table: 'ssd_cin_plans',
    key: 'cinp_cin_plan_id',
    columns: ['cinp_cin_plan_id', 'cinp_referral_id', 'cinp_person_id', 'cinp_cin_plan_start_date', 'cinp_cin_plan_end_date'],
  },
  {
    table: 'ssd_s47_enquiry',
    key: 's47e_s47_enquiry_id',
    columns: ['s47e_s47_enquiry_id', 's47e_referral_id', 's47e_person_id', 's47e_s47_start_date', 's47e_s47_nfa'],
  },
  {
    table: 'ssd_initial_cp_conference',
    key: 'icpc_icpc_id',
    columns: ['icpc_icpc_id', 'icpc_s47_enquiry_id', 'icpc_person_id', 'icpc_referral_id', 'icpc_icpc_target_date', 'icpc_icpc_date'],
  },
  {
    table: 'ssd_cp_plans',
    key: 'cppl_cp_plan_id',
    columns: [
      'cppl_cp_plan_id',
      'cppl_referral_id',
      'cppl_person_id',
      'cppl_cp_plan_start_date',
      'cppl_cp_plan_end_date',
      'cppl_cp_plan_initial_category',
      'cppl_cp_plan_latest_category',
      'cppl_previous_cp_plans',
    ],
  },
  { table: 'ssd_cp_reviews', key: 'cppr_cp_review_id', columns: ['cppr_cp_review_id', 'cppr_person_id', 'cppr_cp_plan_id', 'cppr_cp_review_date'] },
  {
    table: 'ssd_pre_proceedings',
    key: 'prep_table_id',
    columns: [
      'prep_table_id',
      'prep_person_id',
      'prep_referral_id',
      'prep_pre_pro_decision_date',
      'prep_pre_pro_letter_date',
      'prep_fgdm_offered',
      'prep_fgdm_facilitated',
      'prep_initial_pre_pro_meeting_date',
      'prep_pre_pro_meetings_num',
      'prep_agree_stepdown_issue_date',
      'prep_pre_pro_outcome',
      'prep_court_application_date',
      'prep_care_pro_letter_date',
    ],
  },
];

/** Rows by table, in CIN_TABLES order (parents before children). */
export type CinRows = Map<string, Cell[][]>;

export function emptyRows(): CinRows {
  return new Map(CIN_TABLES.map((table) => [table.table, []]));
}

export function toWrites(rows: CinRows): TableWrite[] {
  return CIN_TABLES.map(({ table, key, columns }) => {
    const personIndex = columns.findIndex((column) => column.endsWith('_person_id'));
    return { table, key, columns, rows: rows.get(table) ?? [], childOf: (row: Cell[]) => (row[personIndex] as string | null) ?? null };
  });
}

/** A group as a quarantine row: its values and lists, with where it came from. */
export function sourceRow(file: string, group: CinGroup, child: string | null): SourceRow {
  const values: Record<string, string> = { _ELEMENT: group.name, ...(child ? { LAchildID: child } : {}) };
  for (const [name, value] of Object.entries(group.values)) values[name] = value;
  for (const [name, list] of Object.entries(group.lists)) values[name] = list.join(' ');
  for (const [name, list] of Object.entries(group.groups)) values[`_${name}`] = `${list.length} element${list.length === 1 ? '' : 's'}`;
  return { file, table: group.name, line: group.line, values };
}

const orNull = (value: string | undefined): string | null => (value === undefined || value === '' ? null : value);
const flag = (value: string | undefined): string | null => (value === '1' ? 'Y' : value === '0' ? 'N' : null);
const count = (value: string | undefined): number | null => (value && /^\d{1,6}$/.test(value) ? Number(value) : null);

/**
 * Adds one child's rows. `unstorable` holds the groups a rejecting finding points at (by line):
 * they and everything inside them are left out. Returns the groups refused here (missing or
 * repeated key dates) with their findings.
 */
export function mapChild(
  file: string,
  child: CinGroup,
  id: string,
  rows: CinRows,
  unstorable: ReadonlySet<number>,
): Array<{ group: CinGroup; finding: Finding }> {
  const refused: Array<{ group: CinGroup; finding: Finding }> = [];
  const add = (table: string, row: Cell[]) => rows.get(table)!.push(row);
  const refuse = (group: CinGroup, field: string, message: string) =>
    refused.push({
      group,
      finding: { rule: 'KS-DUPLICATE', message, file, table: group.name, row: group.line, child: id, field, severity: 'error', rejects: true },
    });
  /** Keyed sub-groups: skips unstorable ones, refuses repeated keys. */
  function keyed(parent: CinGroup, name: string, dateField: string, prefix: string): Array<{ group: CinGroup; key: string; day: string }> {
    const seen = new Set<string>();
    const result = [];
    for (const group of parent.groups[name] ?? []) {
      const day = dateOf(group, dateField);
      if (unstorable.has(group.line) || !day) continue;
      const key = `${prefix}/${day}`;
      if (seen.has(key)) {
        refuse(
          group,
          dateField,
          `Another <${name}> of this ${parent.name === 'CINdetails' ? 'referral' : 'child'} has the same ${dateField} (${day}); only the first is stored.`,
        );
        continue;
      }
      seen.add(key);
      result.push({ group, key, day });
    }
    return result;
  }

  const ids = child.groups.ChildIdentifiers?.[0];
  const characteristics = child.groups.ChildCharacteristics?.[0];
  add('ssd_person', [
    id,
    orNull(ids?.values.Sex),
    dateOf(ids, 'PersonBirthDate'),
    dateOf(ids, 'ExpectedPersonBirthDate'),
    dateOf(ids, 'PersonDeathDate'),
    orNull(characteristics?.values.Ethnicity),
    orNull(ids?.values.UPNunknown),
  ]);
  if (ids?.values.UPN) add('ssd_linked_identifiers', [`CIN/${id}/UPN`, id, 'Unique Pupil Number', ids.values.UPN]);
  if (ids?.values.FormerUPN) add('ssd_linked_identifiers', [`CIN/${id}/FormerUPN`, id, 'Former Unique Pupil Number', ids.values.FormerUPN]);
  const disabilityGroup = characteristics?.groups.Disabilities?.[0];
  const disabilities = new Set(disabilityGroup?.lists.Disability ?? []);
  // The code is part of the row's key: one too long to index refuses the child's disabilities.
  const tooLong = [...disabilities].map((code) => idTooLong('Disability', code)).find((problem) => problem !== undefined);
  if (tooLong && disabilityGroup) {
    refused.push({
      group: disabilityGroup,
      finding: {
        rule: 'KS-ID',
        message: tooLong,
        file,
        table: disabilityGroup.name,
        row: disabilityGroup.line,
        child: id,
        field: 'Disability',
        severity: 'error',
        rejects: true,
      },
    });
  } else for (const code of disabilities) if (code) add('ssd_disability', [`CIN/${id}/D/${code}`, id, code]);

  for (const { group: episode, key: referral, day: referralDate } of keyed(child, 'CINdetails', 'CINreferralDate', `CIN/${id}`)) {
    const v = episode.values;
    add('ssd_cin_episodes', [
      referral,
      id,
      referralDate,
      orNull(v.ReferralSource),
      orNull(v.PrimaryNeedCode),
      dateOf(episode, 'CINclosureDate'),
      orNull(v.ReasonForClosure),
      flag(v.ReferralNFA),
    ]);
    for (const { group, key, day } of keyed(episode, 'Assessments', 'AssessmentActualStartDate', `${referral}/A`)) {
      add('ssd_cin_assessments', [key, id, referral, day, dateOf(group, 'AssessmentAuthorisationDate')]);
      const factors = group.groups.FactorsIdentifiedAtAssessment?.[0]?.lists.AssessmentFactors ?? [];
      if (factors.length) add('ssd_assessment_factors', [key, key, JSON.stringify([...new Set(factors)])]);
    }
    for (const { group, key, day } of keyed(episode, 'CINPlanDates', 'CINPlanStartDate', `${referral}/P`))
      add('ssd_cin_plans', [key, referral, id, day, dateOf(group, 'CINPlanEndDate')]);
    const s47Conferences = new Set<string>();
    for (const { group, key, day } of keyed(episode, 'Section47', 'S47ActualStartDate', `${referral}/S47`)) {
      add('ssd_s47_enquiry', [key, referral, id, day, flag(group.values.ICPCnotRequired)]);
      const conference = dateOf(group, 'DateOfInitialCPC');
      if (conference) {
        s47Conferences.add(conference);
        add('ssd_initial_cp_conference', [`${key}/ICPC`, key, id, referral, dateOf(group, 'InitialCPCtarget'), conference]);
      }
    }
    const episodeConference = dateOf(episode, 'DateOfInitialCPC');
    if (episodeConference && !s47Conferences.has(episodeConference))
      add('ssd_initial_cp_conference', [`${referral}/ICPC/${episodeConference}`, null, id, referral, null, episodeConference]);
    for (const { group, key, day } of keyed(episode, 'ChildProtectionPlans', 'CPPstartDate', `${referral}/CPP`)) {
      const p = group.values;
      add('ssd_cp_plans', [
        key,
        referral,
        id,
        day,
        dateOf(group, 'CPPendDate'),
        orNull(p.InitialCategoryOfAbuse),
        orNull(p.LatestCategoryOfAbuse),
        count(p.NumberOfPreviousCPP),
      ]);
      const reviews = new Set(group.groups.Reviews?.[0]?.lists.CPPreviewDate ?? []);
      for (const review of reviews) {
        const day = dateOf({ ...group, values: { review } }, 'review');
        if (day) add('ssd_cp_reviews', [`${key}/R/${day}`, id, key, day]);
      }
    }
    for (const { group, key, day } of keyed(episode, 'PreProceedingsandFGDM', 'PPStartDate', `${referral}/PP`)) {
      const p = group.values;
      add('ssd_pre_proceedings', [
        key,
        id,
        referral,
        day,
        dateOf(group, 'LBPSentDate'),
        flag(p.FGDMMeetingOffer),
        flag(p.FGDMMeetingFac),
        dateOf(group, 'InitialPPMeetingDate'),
        count(p.ReviewMeetingsCount),
        dateOf(group, 'StepDecisionDate'),
        orNull(p.PPOutcome),
        dateOf(group, 'CourtAppDate'),
        dateOf(group, 'LetterInitCPDate'),
      ]);
    }
  }
  return refused;
}
