/**
 * Ofsted Annex A export: one worksheet per list, named "List 1" … "List 11", with Ofsted's column
 * headers (as in the inspection template and ../shared/fixtures/annex-a/Annex_A_sample.xlsx), one row per record.
 *
 * What each list holds for the period `from`–`to` (ages in whole years and allocations at `to`):
 *   1  contacts made in the period                 2  early help assessments (no data model table: headers only)
 *   3  referrals in the period                     4  assessments started in the period
 *   5  section 47 enquiries started in the period  6  children in need: CIN episodes open in the period
 *   7  child protection plans open in the period   8  children looked after at any time in the period
 *   9  care leavers aged 17–21 in the period       10, 11  adoption and adopters (no data model tables: headers only)
 * Columns the data model does not hold (e.g. the permanence plan, placement LA) are left blank.
 * Values are written plainly (`Male`, `WBRI`, `N1`), without the template's coded prefixes
 * (`a) Male`): the Annex A importer strips those prefixes, and inspectors read either.
 * Every text cell goes through safeCell (core/outputs/csv.ts): no cell can run as a formula.
 */
import * as ExcelJS from '@cj-tech-master/excelts';
import { sql } from 'kysely';
import type { Database } from '../core/db/database.ts';
import { safeCell } from '../core/outputs/csv.ts';
import type { ExportPeriod } from './period.ts';
import { workerOn } from '../core/allocations.ts';

/** What the workbook leaves out (said with every export: the CLI prints it, the Exports page lists it). */
export const NOT_IN_ANNEX_A =
  'Lists 2 (early help assessments), 10 (adoption) and 11 (adopters) have their headers only, and columns Keystone holds no data for (such as the permanence plan and the placement’s local authority) are blank: fill them from the case system before the inspection.';

const PERSON = ['Child Unique ID', 'Gender', 'Ethnicity', 'Date of Birth', 'Age'] as const;
const WITH_DISABILITY = [...PERSON, 'Does the Child have a Disability'] as const;
const ALLOCATED = ['Allocated Team', 'Allocated Worker'] as const;

/** Ofsted's list names and headers; `query` selects the columns after the person columns, in order. */
export const ANNEX_A_LISTS: ReadonlyArray<{ name: string; title: string; headers: readonly string[] }> = [
  { name: 'List 1', title: 'Contacts', headers: [...PERSON, 'Date of Contact', 'Contact Source'] },
  { name: 'List 2', title: 'Early help', headers: [...PERSON, 'Assessment start date', 'Assessment completion date', 'Organisation completing assessment'] },
  {
    name: 'List 3',
    title: 'Referrals',
    headers: [...PERSON, 'Date of Referral', 'Referral Source', 'Referral NFA?', 'Number of Referrals in Last 12 Months', ...ALLOCATED],
  },
  {
    name: 'List 4',
    title: 'Assessments',
    headers: [
      ...WITH_DISABILITY,
      'Continuous Assessment Start Date',
      'Child Seen During Continuous Assessment',
      'Continuous Assessment Date of Authorisation',
      "Was the child assessed as requiring LA children's social care support?",
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 5',
    title: 'Section 47 enquiries',
    headers: [
      ...WITH_DISABILITY,
      'Strategy discussion initiating Section 47 Enquiry Start Date',
      'Was an Initial Child Protection Conference deemed unnecessary?',
      'Date of Initial Child Protection Conference',
      'Did the Initial Child Protection Conference Result in a Child Protection Plan',
      'Number of Section 47 Enquiries in the last 12 months',
      'Number of ICPCs in the last 12 months',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 6',
    title: 'Children in need',
    headers: [
      ...WITH_DISABILITY,
      'CIN Start Date',
      'Primary Need Code',
      'Date Child Was Last Seen',
      'CIN Closure Date',
      'Reason for Closure',
      'Case Status',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 7',
    title: 'Child protection',
    headers: [
      ...WITH_DISABILITY,
      'Child Protection Plan Start Date',
      'Initial Category of Abuse',
      'Latest Category of Abuse',
      'Date of the Last Statutory Visit',
      'Was the Child Seen Alone?',
      'Date of latest review conference',
      'Child Protection Plan End Date',
      'Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)',
      'Number of Previous Child Protection Plans',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 8',
    title: 'Children looked after',
    headers: [
      ...PERSON,
      'Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))',
      'Does the Child have a Disability',
      'Date Started to be Looked After',
      "Child's Category of Need",
      'Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)',
      'Start date of current legal status',
      "Child's Legal Status",
      'Date of Latest Statutory Review',
      'Date of Last Social Work Visit',
      'What is the permanence plan for this child?',
      'Date of Last IRO Visit / Contact to the Child',
      'Date of Last Health Assessment',
      'Date of Last Dental Check',
      'Number of Placements in the Last 12 months',
      'Date Ceased to be Looked After',
      'Reason Ceased to be Looked After',
      'Start Date of Most Recent Placement',
      'Placement Type',
      'Placement Provider',
      'Placement postcode',
      'URN of Placement',
      'Placement Location',
      'LA of Placement',
      'Number of Episodes the Child has been ‘Missing’ from their Placement in the last 12 months',
      'Number of Episodes the Child has been ‘Absent’ from their Placement in the last 12 months',
      'Was the child offered a Return Interview after their last missing episode (Y/N)?',
      'Did the child accept a Return Interview after their last missing episode (Y/N)?',
      ...ALLOCATED,
    ],
  },
  {
    name: 'List 9',
    title: 'Care leavers',
    headers: [
      ...WITH_DISABILITY,
      ...ALLOCATED,
      'Eligibility Category',
      'LA in Touch',
      'Type of Accommodation',
      'Suitability of Accommodation',
      'Activity Status',
    ],
  },
  {
    name: 'List 10',
    title: 'Adoption',
    headers: [
      'Child Unique ID',
      'Family identifier',
      'Gender',
      'Ethnicity',
      'Date of Birth',
      'Age of Child (Years)',
      'Does the Child have a Disability',
      'Date the Child Entered Care',
      'Date of Decision that Child Should be Placed for Adoption',
      'Date of Placement Order',
      'Date of Matching Child and Prospective Adopters',
      'Date Placed for Adoption',
      'Date of Adoption Order',
      'Date of Decision that Child Should No Longer be Placed for Adoption',
      'Reason Why Child No Longer Placed for Adoption',
      'Date the child was placed for fostering in FFA or concurrent planning placement',
    ],
  },
  {
    name: 'List 11',
    title: 'Adopters',
    headers: [
      'Individual adopter identifier',
      'Family identifier',
      'Gender',
      'Ethnicity',
      'Disability',
      'Is the (prospective) adopter fostering for adoption?',
      'Date enquiry received',
      'Date Stage 1 started',
      'Date Stage 1 ended',
      'Date Stage 2 started',
      'Date Stage 2 ended',
      'Date application submitted',
      'Date application approved',
      'Date adopter matched with child(ren)',
      'Date child/children placed with adopter(s)',
      'No. of children placed',
      'Date of Adoption Order',
      'Date of leaving adoption process',
      'Reason for leaving adoption process',
    ],
  },
];

type Cells = Array<string | number | null>;

/**
 * The SQL behind each list with data: rows of the columns after the person columns (and the
 * disability column where the list has one, which the person part supplies). `p` is the person,
 * `w` the allocation at `to`.
 */
function listQueries(from: string, to: string) {
  const yn = (expression: ReturnType<typeof sql>) => sql`CASE ${expression} WHEN 'Y' THEN 'Yes' WHEN 'N' THEN 'No' END`;
  return {
    'List 1': sql`SELECT c.cont_person_id AS child, c.cont_contact_date::date::text AS d1, c.cont_contact_source_code AS t2
      FROM ssd_contacts c WHERE c.cont_contact_date >= ${from}::date AND c.cont_contact_date < ${to}::date + 1 ORDER BY c.cont_contact_date, c.cont_contact_id`,
    'List 3': sql`SELECT e.cine_person_id AS child, e.cine_referral_date::text AS d1, e.cine_referral_source_code AS t2, ${yn(sql`e.cine_referral_nfa`)} AS t3,
        (SELECT count(*) FROM ssd_cin_episodes r WHERE r.cine_person_id = e.cine_person_id AND r.cine_referral_date < e.cine_referral_date
           AND r.cine_referral_date >= e.cine_referral_date - interval '12 months')::int AS n4
      FROM ssd_cin_episodes e WHERE e.cine_referral_date BETWEEN ${from}::date AND ${to}::date ORDER BY e.cine_referral_date, e.cine_referral_id`,
    'List 4': sql`SELECT a.cina_person_id AS child, a.cina_assessment_start_date::text AS d1, ${yn(sql`a.cina_assessment_child_seen`)} AS t2,
        CASE WHEN a.cina_assessment_auth_date <= ${to}::date THEN a.cina_assessment_auth_date::text END AS d3,
        CASE WHEN a.cina_assessment_auth_date <= ${to}::date THEN CASE a.cina_assessment_outcome_nfa WHEN 'Y' THEN 'No' WHEN 'N' THEN 'Yes' END END AS t4
      FROM ssd_cin_assessments a WHERE a.cina_assessment_start_date BETWEEN ${from}::date AND ${to}::date ORDER BY a.cina_assessment_start_date, a.cina_assessment_id`,
    'List 5': sql`SELECT s.s47e_person_id AS child, s.s47e_s47_start_date::text AS d1, ${yn(sql`s.s47e_s47_nfa`)} AS t2,
        CASE WHEN i.icpc_icpc_date <= ${to}::date THEN i.icpc_icpc_date::text END AS d3,
        CASE WHEN i.icpc_icpc_date <= ${to}::date THEN ${yn(sql`i.icpc_icpc_outcome_cp_flag`)} END AS t4,
        (SELECT count(*) FROM ssd_s47_enquiry o WHERE o.s47e_person_id = s.s47e_person_id AND o.s47e_s47_start_date <= ${to}::date AND o.s47e_s47_start_date > ${to}::date - interval '12 months')::int AS n5,
        (SELECT count(*) FROM ssd_initial_cp_conference o WHERE o.icpc_person_id = s.s47e_person_id AND o.icpc_icpc_date <= ${to}::date AND o.icpc_icpc_date > ${to}::date - interval '12 months')::int AS n6
      FROM ssd_s47_enquiry s LEFT JOIN ssd_initial_cp_conference i ON i.icpc_s47_enquiry_id = s.s47e_s47_enquiry_id
      WHERE s.s47e_s47_start_date BETWEEN ${from}::date AND ${to}::date ORDER BY s.s47e_s47_start_date, s.s47e_s47_enquiry_id`,
    'List 6': sql`SELECT e.cine_person_id AS child, e.cine_referral_date::text AS d1, e.cine_cin_primary_need_code AS t2,
        (SELECT max(v.cinv_cin_visit_date)::text FROM ssd_cin_visits v WHERE v.cinv_person_id = e.cine_person_id AND v.cinv_cin_visit_seen = 'Y' AND v.cinv_cin_visit_date <= ${to}::date) AS d3,
        CASE WHEN e.cine_close_date <= ${to}::date THEN e.cine_close_date::text END AS d4, CASE WHEN e.cine_close_date <= ${to}::date THEN e.cine_close_reason END AS t5,
        CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_episodes l WHERE l.clae_person_id = e.cine_person_id AND l.clae_cla_episode_start_date <= ${to}::date AND (l.clae_cla_episode_ceased_date IS NULL OR l.clae_cla_episode_ceased_date > ${to}::date)) THEN 'Looked after child'
             WHEN EXISTS (SELECT 1 FROM ssd_cp_plans c WHERE c.cppl_person_id = e.cine_person_id AND c.cppl_cp_plan_start_date <= ${to}::date AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date > ${to}::date)) THEN 'Child protection plan'
             WHEN EXISTS (SELECT 1 FROM ssd_cin_plans c WHERE c.cinp_referral_id = e.cine_referral_id AND c.cinp_cin_plan_start_date <= ${to}::date AND (c.cinp_cin_plan_end_date IS NULL OR c.cinp_cin_plan_end_date > ${to}::date)) THEN 'Child in need plan'
             WHEN e.cine_close_date IS NULL OR e.cine_close_date > ${to}::date THEN 'Open case' ELSE 'Closed' END AS t6
      FROM ssd_cin_episodes e WHERE e.cine_referral_date <= ${to}::date AND (e.cine_close_date IS NULL OR e.cine_close_date >= ${from}::date)
      ORDER BY e.cine_referral_date, e.cine_referral_id`,
    'List 7': sql`SELECT c.cppl_person_id AS child, c.cppl_cp_plan_start_date::text AS d1, c.cppl_cp_plan_initial_category AS t2, c.cppl_cp_plan_latest_category AS t3,
        (SELECT max(v.cppv_cp_visit_date)::text FROM ssd_cp_visits v WHERE v.cppv_cp_plan_id = c.cppl_cp_plan_id AND v.cppv_cp_visit_date <= ${to}::date) AS d4,
        (SELECT ${yn(sql`v.cppv_cp_visit_seen_alone`)} FROM ssd_cp_visits v WHERE v.cppv_cp_plan_id = c.cppl_cp_plan_id AND v.cppv_cp_visit_date <= ${to}::date ORDER BY v.cppv_cp_visit_date DESC LIMIT 1) AS t5,
        (SELECT max(r.cppr_cp_review_date)::text FROM ssd_cp_reviews r WHERE r.cppr_cp_plan_id = c.cppl_cp_plan_id AND r.cppr_cp_review_date <= ${to}::date) AS d6,
        CASE WHEN c.cppl_cp_plan_end_date <= ${to}::date THEN c.cppl_cp_plan_end_date::text END AS d7, NULL AS t8,
        coalesce(c.cppl_previous_cp_plans, (SELECT count(*) FROM ssd_cp_plans o WHERE o.cppl_person_id = c.cppl_person_id AND o.cppl_cp_plan_start_date < c.cppl_cp_plan_start_date)::int) AS n9
      FROM ssd_cp_plans c WHERE c.cppl_cp_plan_start_date <= ${to}::date AND (c.cppl_cp_plan_end_date IS NULL OR c.cppl_cp_plan_end_date >= ${from}::date)
      ORDER BY c.cppl_cp_plan_start_date, c.cppl_cp_plan_id`,
    'List 8': sql`SELECT DISTINCT ON (e.clae_person_id) e.clae_person_id AS child, NULL AS t1, NULL AS disabled_slot, e.clae_entered_care_date::text AS d2, e.clae_cla_primary_need_code AS t3,
        CASE WHEN EXISTS (SELECT 1 FROM ssd_cla_episodes o WHERE o.clae_person_id = e.clae_person_id AND o.clae_cla_id <> e.clae_cla_id
               AND o.clae_cla_episode_start_date > ${to}::date - interval '12 months' AND o.clae_cla_episode_start_date <= ${to}::date AND o.clae_cla_episode_start_reason = 'S') THEN 'Yes' ELSE 'No' END AS t4,
        (SELECT max(l.lega_legal_status_start_date)::text FROM ssd_legal_status l WHERE l.lega_person_id = e.clae_person_id AND l.lega_legal_status_start_date <= ${to}::date) AS d5,
        e.clae_legal_status AS t6,
        (SELECT max(r.clar_cla_review_date)::text FROM ssd_cla_reviews r WHERE r.clar_person_id = e.clae_person_id AND r.clar_cla_review_date <= ${to}::date) AS d7,
        (SELECT max(v.clav_cla_visit_date)::text FROM ssd_cla_visits v WHERE v.clav_person_id = e.clae_person_id AND v.clav_cla_visit_date <= ${to}::date) AS d8,
        NULL AS t9, CASE WHEN e.clae_cla_last_iro_contact_date <= ${to}::date THEN e.clae_cla_last_iro_contact_date::text END AS d10,
        (SELECT max(h.clah_health_check_date)::text FROM ssd_cla_health h WHERE h.clah_person_id = e.clae_person_id AND h.clah_health_check_type ILIKE '%health assessment%' AND h.clah_health_check_date <= ${to}::date) AS d11,
        (SELECT max(h.clah_health_check_date)::text FROM ssd_cla_health h WHERE h.clah_person_id = e.clae_person_id AND h.clah_health_check_type ILIKE '%dental%' AND h.clah_health_check_date <= ${to}::date) AS d12,
        (SELECT count(*) FROM ssd_cla_placement p WHERE p.clap_person_id = e.clae_person_id AND p.clap_cla_placement_start_date <= ${to}::date AND (p.clap_cla_placement_end_date IS NULL OR p.clap_cla_placement_end_date > ${to}::date - interval '12 months'))::int AS n13,
        CASE WHEN e.clae_cla_episode_ceased_date <= ${to}::date THEN e.clae_cla_episode_ceased_date::text END AS d14,
        CASE WHEN e.clae_cla_episode_ceased_date <= ${to}::date THEN e.clae_cla_episode_ceased_reason END AS t15,
        p.clap_cla_placement_start_date::text AS d16, p.clap_cla_placement_type AS t17, p.clap_cla_placement_provider AS t18, p.clap_cla_placement_postcode AS t19, p.clap_cla_placement_urn AS t20,
        NULL AS t21, NULL AS t22,
        (SELECT count(*) FROM ssd_missing m WHERE m.miss_person_id = e.clae_person_id AND m.miss_missing_episode_type = 'M' AND m.miss_missing_episode_start_date < ${to}::date + 1 AND m.miss_missing_episode_start_date >= ${to}::date - interval '12 months')::int AS n23,
        (SELECT count(*) FROM ssd_missing m WHERE m.miss_person_id = e.clae_person_id AND m.miss_missing_episode_type = 'A' AND m.miss_missing_episode_start_date < ${to}::date + 1 AND m.miss_missing_episode_start_date >= ${to}::date - interval '12 months')::int AS n24,
        (SELECT ${yn(sql`m.miss_missing_rhi_offered`)} FROM ssd_missing m WHERE m.miss_person_id = e.clae_person_id AND m.miss_missing_episode_start_date < ${to}::date + 1 ORDER BY m.miss_missing_episode_start_date DESC LIMIT 1) AS t25,
        (SELECT ${yn(sql`m.miss_missing_rhi_accepted`)} FROM ssd_missing m WHERE m.miss_person_id = e.clae_person_id AND m.miss_missing_episode_start_date < ${to}::date + 1 ORDER BY m.miss_missing_episode_start_date DESC LIMIT 1) AS t26
      FROM ssd_cla_episodes e LEFT JOIN ssd_cla_placement p ON p.clap_cla_placement_id = e.clae_cla_placement_id
      WHERE e.clae_cla_episode_start_date <= ${to}::date AND (e.clae_cla_episode_ceased_date IS NULL OR e.clae_cla_episode_ceased_date >= ${from}::date)
      ORDER BY e.clae_person_id, e.clae_cla_episode_start_date DESC`,
    'List 9': sql`SELECT DISTINCT ON (l.clea_person_id) l.clea_person_id AS child, NULL AS team_slot, NULL AS worker_slot, l.clea_care_leaver_eligibility AS t1, l.clea_care_leaver_in_touch AS t2,
        l.clea_care_leaver_accommodation AS t3, CASE l.clea_care_leaver_accom_suitable WHEN '1' THEN 'Suitable' WHEN '2' THEN 'Unsuitable' END AS t4, l.clea_care_leaver_activity AS t5
      FROM ssd_care_leavers l JOIN ssd_person p ON p.pers_person_id = l.clea_person_id
      WHERE p.pers_dob + interval '17 years' <= ${to}::date AND p.pers_dob + interval '22 years' > ${from}::date
      ORDER BY l.clea_person_id, l.clea_care_leaver_latest_contact DESC NULLS LAST, l.clea_table_id DESC`,
  } as const;
}

interface Person {
  id: string;
  gender: string | null;
  ethnicity: string | null;
  dob: string | null;
  age: number | null;
  disabled: string;
  team: string | null;
  worker: string | null;
}

/** A cell: ISO dates become dates, other text is made formula-safe. */
function cell(key: string, value: unknown): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (key.startsWith('d') && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(`${value}T00:00:00Z`);
  return safeCell(value);
}

export async function exportAnnexA(database: Database, period: ExportPeriod): Promise<{ bytes: Uint8Array; childIds: string[]; rows: number }> {
  const { from, to } = period;
  const queries = listQueries(from, to);
  const results = new Map<string, Array<Record<string, unknown>>>();
  for (const [name, query] of Object.entries(queries)) results.set(name, (await query.execute(database.db)).rows as Array<Record<string, unknown>>);
  const childIds = [...new Set([...results.values()].flatMap((rows) => rows.map((row) => String(row.child))))].sort();
  const people = new Map(
    (
      await sql<Person>`
        SELECT p.pers_person_id AS id,
               CASE WHEN p.pers_sex IN ('M', '1') THEN 'Male' WHEN p.pers_sex IN ('F', '2') THEN 'Female' WHEN p.pers_sex IS NOT NULL THEN 'Unknown' END AS gender,
               p.pers_ethnicity AS ethnicity, p.pers_dob::text AS dob,
               CASE WHEN p.pers_dob <= ${to}::date THEN date_part('year', age(${to}::date, p.pers_dob))::int END AS age,
               CASE WHEN EXISTS (SELECT 1 FROM ssd_disability d WHERE d.disa_person_id = p.pers_person_id AND d.disa_disability_code <> 'NONE') THEN 'Yes' ELSE 'No' END AS disabled,
               w.team, w.worker
        FROM ssd_person p
        LEFT JOIN LATERAL (
          SELECT d.dept_team_name AS team, f.prof_professional_name AS worker FROM (${workerOn(sql`p.pers_person_id`, sql`${to}::date`)}) i
          LEFT JOIN ssd_department d ON d.dept_team_id = i.team_id LEFT JOIN ssd_professionals f ON f.prof_professional_id = i.worker_id) w ON true
        WHERE p.pers_person_id = ANY(${sql.val(childIds)}::text[])`.execute(database.db)
    ).rows.map((person) => [person.id, person]),
  );

  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Keystone';
  let rows = 0;
  for (const list of ANNEX_A_LISTS) {
    const sheet = workbook.addWorksheet(list.name);
    sheet.addRow(list.headers.map((header) => safeCell(header)));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const record of results.get(list.name) ?? []) {
      const person = people.get(String(record.child));
      const disability = list.headers.includes('Does the Child have a Disability') ? (person?.disabled ?? null) : undefined;
      const personCells: Cells = [String(record.child), person?.gender ?? null, person?.ethnicity ?? null, null, person?.age ?? null];
      const values: ExcelJS.CellValue[] = personCells.map((value, index) => (index === 3 ? cell('d', person?.dob) : safeCell(value)));
      for (const [key, value] of Object.entries(record)) {
        if (key === 'child') continue;
        if (key === 'disabled_slot') values.push(safeCell(disability));
        else if (key === 'team_slot') values.push(safeCell(person?.team));
        else if (key === 'worker_slot') values.push(safeCell(person?.worker));
        else values.push(cell(key, value));
      }
      // Lists with a disability column right after the person columns, and the allocation at the end.
      if (disability !== undefined && !('disabled_slot' in record)) values.splice(PERSON.length, 0, safeCell(disability));
      if (list.headers.at(-1) === 'Allocated Worker') values.push(safeCell(person?.team), safeCell(person?.worker));
      sheet.addRow(values);
      rows++;
    }
    list.headers.forEach((header, index) => {
      const column = sheet.getColumn(index + 1);
      column.width = Math.min(40, Math.max(12, header.length * 0.6));
      if (/date/i.test(header)) column.numFmt = 'dd/mm/yyyy';
    });
  }
  const buffer = await workbook.xlsx.writeBuffer();
  return { bytes: new Uint8Array(buffer), childIds, rows };
}
